package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void findsTheSameNumbersAsTheRuleSearchedEverywhere() {
        // The rule of the class's documentation, searched at every position with find().
        Pattern rule = Pattern.compile("(?<![0-9])(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])"
                + "|(?<![0-9:.])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])");
        String[] pieces = {"13912345678", "+86 139 1234 5678", "+8613912345678", "86-139-1234-5678", "0579-82345678",
            "010-1234567", "2026-12-29T16:05:00+08:00", "3.9", ":", ".", "-", " ", "+", "0", "1", "8", "9", "86",
            "回拨", "迷路", "level", "\n", "139", "1234", "5678", "0579", "8234567"};
        Random rnd = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(8); k >= 0; k--) {
                sb.append(pieces[rnd.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            Matcher m = rule.matcher(text);
            StringBuilder expected = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(expected, Matcher.quoteReplacement(CallerNumberMasker.maskNumber(m.group())));
            }
            m.appendTail(expected);
            assertThat(CallerNumberMasker.maskText(text)).as(text).isEqualTo(expected.toString());
        }
    }
}
