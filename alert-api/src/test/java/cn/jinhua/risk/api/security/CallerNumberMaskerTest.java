package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CallerNumberMaskerTest {
    /** The rule of the class's documentation, searched at every position with find(). */
    private static final Pattern RULE = Pattern.compile("(?<![0-9])(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])"
            + "|(?<![0-9:.])(?:\\(0[0-9]{2,3}\\) ?|0[0-9]{2,3}[- ]?)[0-9]{3,4}[- ]?[0-9]{4}(?![0-9])");
    /** Numbers, near-numbers, times and words that border them: the texts a call and its evidence hold. */
    private static final List<String> PIECES = List.of("13912345678", "+86 139 1234 5678", "+8613912345678",
            "86-139-1234-5678", "0579-82345678", "010-1234567", "2026-12-29T16:05:00+08:00", "3.9", ":", ".", "-", " ", "+",
            "0", "1", "8", "9", "86", "回拨", "迷路", "level", "\n", "139", "1234", "5678", "0579", "8234567",
            "057982345678", "(0579)", "(", ")", "\uFF11\uFF13\uFF19", "\uFF10\uFF15\uFF17\uFF19", "\uFF0D", "\uFF0B",
            "\u3000", "\uFF18\uFF12\uFF13\uFF14", "\uFF15\uFF16\uFF17\uFF18");

    @Test
    void masksMobileAndLandlineNumbersInText() {
        assertThat(CallerNumberMasker.maskText("回拨13912345678谢谢")).isEqualTo("回拨139****5678谢谢");
        assertThat(CallerNumberMasker.maskText("call +86 139 1234 5678 now")).isEqualTo("call +86****5678 now");
        assertThat(CallerNumberMasker.maskText("office 0579-82345678")).isEqualTo("office 057****5678");
    }

    @Test
    void masksLandlinesWithoutAHyphenAndInParentheses() {
        assertThat(CallerNumberMasker.maskText("座机057982345678")).isEqualTo("座机057****5678");
        assertThat(CallerNumberMasker.maskText("(0579) 8234 5678")).isEqualTo("057****5678");
        assertThat(CallerNumberMasker.maskText("tel 010 1234567.")).isEqualTo("tel 010****4567.");
    }

    /** Full-width digits, plus, hyphen and parentheses, as an input method writes them, are read as ASCII. */
    @Test
    void masksFullWidthNumbers() {
        assertThat(CallerNumberMasker.maskText("回拨\uFF11\uFF13\uFF19\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18"))
                .isEqualTo("回拨139****5678");
        assertThat(CallerNumberMasker.maskText("\uFF0B\uFF18\uFF16\u3000\uFF11\uFF13\uFF19\uFF11\uFF12\uFF13\uFF14"
                + "\uFF15\uFF16\uFF17\uFF18")).isEqualTo("+86****5678");
        assertThat(CallerNumberMasker.maskText("\uFF08\uFF10\uFF15\uFF17\uFF19\uFF09\uFF18\uFF12\uFF13\uFF14\uFF0D"
                + "\uFF15\uFF16\uFF17\uFF18")).isEqualTo("057****5678");
        assertThat(CallerNumberMasker.maskNumber("\uFF11\uFF13\uFF18\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18"))
                .isEqualTo("138****5678");
    }

    @Test
    void leavesTimesDatesAndReadingsAlone() {
        String text = "2026-12-29T16:05:00+08:00 level 3.9 m, sensor wy-e03-pool-level, call-20261229160500";
        assertThat(CallerNumberMasker.maskText(text)).isEqualTo(text);
    }

    @Test
    void masksCallerIdFieldsWhateverTheyLookLike() throws Exception {
        JsonNode masked = CallerNumberMasker.maskValue(Json.MAPPER.readTree(
                "{\"callerId\":\"13812345678\",\"category\":\"LOST\",\"nested\":[{\"callerId\":\"555-1234\"}],\"id\":13912345678}"));
        assertThat(masked).isEqualTo(Json.MAPPER.readTree(
                "{\"callerId\":\"138****5678\",\"category\":\"LOST\",\"nested\":[{\"callerId\":\"*****34\"}],\"id\":13912345678}"));
        assertThat(CallerNumberMasker.maskValue(Json.MAPPER.readTree("{\"callerId\":13812345678}")).get("callerId").asText())
                .isEqualTo("138****5678");
        assertThat(CallerNumberMasker.maskValue(DoubleNode.valueOf(3.9))).isEqualTo(DoubleNode.valueOf(3.9));
    }

    /**
     * Trying the pattern only where a number can start finds exactly what a search at every position
     * of the text, its full-width characters read as ASCII, finds; the rest of the text is kept as written.
     */
    @Property(tries = 20_000)
    void findsTheSameNumbersAsTheRuleSearchedEverywhere(@ForAll @Size(max = 8) List<@From("pieces") String> parts) {
        String text = String.join("", parts);
        Matcher m = RULE.matcher(CallerNumberMasker.normalize(text));
        StringBuilder expected = new StringBuilder();
        int copied = 0;
        while (m.find()) {
            expected.append(text, copied, m.start()).append(CallerNumberMasker.maskNumber(m.group()));
            copied = m.end();
        }
        expected.append(text.substring(copied));
        assertThat(CallerNumberMasker.maskText(text)).as(text).isEqualTo(expected.toString());
    }

    @Provide
    Arbitrary<String> pieces() {
        return Arbitraries.of(PIECES);
    }
}
