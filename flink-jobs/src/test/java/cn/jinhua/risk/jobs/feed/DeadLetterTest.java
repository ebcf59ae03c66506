package cn.jinhua.risk.jobs.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.io.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void keepsASmallRecordWholeAsText() {
        DeadLetter d = DeadLetter.of("risk.calls", 1, 9, "{\"x\":\"迷路\"}".getBytes(StandardCharsets.UTF_8), "malformed", "why");
        assertThat(d.raw()).isEqualTo("{\"x\":\"迷路\"}");
        assertThat(d.rawBase64()).isNull();
        assertThat(d.rawBytes()).isEqualTo(14);
        assertThat(d.rawTruncated()).isFalse();
    }

    @Test
    void keepsOnlyTheStartOfAHugeRecordSoThatTheDeadLetterFitsInKafka() {
        // 1 MB of Chinese text: three bytes a character, so the cut falls inside a character.
        byte[] huge = ("{\"text\":\"" + "迷".repeat(350_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of("risk.calls", 0, 1, huge, "malformed", "why");
        assertThat(d.rawTruncated()).isTrue();
        assertThat(d.rawBytes()).isEqualTo(huge.length);
        assertThat(d.raw()).startsWith("{\"text\":\"迷迷").doesNotContain("\uFFFD");
        assertThat(d.raw().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(DeadLetter.MAX_RAW_BYTES);
        assertThat(Json.deadLetter(d).length).isLessThan(2 * DeadLetter.MAX_RAW_BYTES);
    }

    @Test
    void keepsTheStartOfHugeBinaryAsBase64() {
        byte[] binary = new byte[2 * DeadLetter.MAX_RAW_BYTES];
        binary[0] = (byte) 0xff;
        DeadLetter d = DeadLetter.of("risk.locations", 0, 1, binary, "malformed", "why");
        assertThat(d.raw()).isNull();
        assertThat(Base64.getDecoder().decode(d.rawBase64())).hasSize(DeadLetter.MAX_RAW_BYTES);
        assertThat(d.rawTruncated()).isTrue();
    }
}
