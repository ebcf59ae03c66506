package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerNumberMaskerTest {

    @Test
    void masksMobileAndLandlineNumbersInText() {
        assertThat(CallerNumberMasker.maskText("回拨13912345678谢谢")).isEqualTo("回拨139****5678谢谢");
        assertThat(CallerNumberMasker.maskText("call +86 139 1234 5678 now")).isEqualTo("call +86****5678 now");
        assertThat(CallerNumberMasker.maskText("office 0579-82345678")).isEqualTo("office 057****5678");
    }

    @Test
    void leavesTimesDatesAndReadingsAlone() {
        String text = "2026-12-29T16:05:00+08:00 level 3.9 m, sensor wy-e03-pool-level, call-20261229160500";
        assertThat(CallerNumberMasker.maskText(text)).isEqualTo(text);
    }

    @Test
    void masksCallerIdFieldsWhateverTheyLookLike() {
        Object masked = CallerNumberMasker.maskValue(Map.of("callerId", "13812345678", "category", "LOST",
                "nested", List.of(Map.of("callerId", "555-1234"))));
        assertThat(masked).isEqualTo(Map.of("callerId", "138****5678", "category", "LOST",
                "nested", List.of(Map.of("callerId", "*****34"))));
        assertThat(CallerNumberMasker.maskValue(3.9)).isEqualTo(3.9);
    }
}
