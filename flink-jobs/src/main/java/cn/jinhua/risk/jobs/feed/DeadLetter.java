package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record on {@code risk.dlq}: what was refused, from where, and why. The raw bytes are kept as
 * UTF-8 text when they are valid UTF-8 ({@code raw}), otherwise as base64 ({@code rawBase64});
 * exactly one of the two is set (both null for a record without a value).
 *
 * @param reason a stable code: malformed, missing-field, bad-type, out-of-range, bad-timestamp,
 *     unknown-sensor, unit-mismatch, empty, late, alert-rejected
 * @param detail human-readable explanation
 * @param sourceTopic the topic the record came from ({@code risk.alerts} for alerts the API refused)
 */
public record DeadLetter(String sourceTopic, int partition, long offset, String reason, String detail,
                         String raw, String rawBase64) implements Serializable {

    public static DeadLetter of(String topic, int partition, long offset, byte[] bytes, String reason, String detail) {
        if (bytes == null) {
            return new DeadLetter(topic, partition, offset, reason, detail, null, null);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new DeadLetter(topic, partition, offset, reason, detail, text, null);
        } catch (CharacterCodingException e) {
            return new DeadLetter(topic, partition, offset, reason, detail, null, Base64.getEncoder().encodeToString(bytes));
        }
    }

    public static DeadLetter of(FeedRecord r) {
        return of(r.topic(), r.partition(), r.offset(), r.raw(), r.reject().reason(), r.reject().detail());
    }
}
