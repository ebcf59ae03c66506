package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A record on {@code risk.dlq}: what was refused, from where, and why ({@code docs/feeds.md}
 * "Validation and dead letters"). The raw bytes are kept as UTF-8 text when they are valid UTF-8
 * ({@code raw}), otherwise as base64 ({@code rawBase64}); exactly one of the two is set (both null
 * for a record without a value). Only the first {@link #MAX_RAW_BYTES} bytes are kept: a dead
 * letter must fit in a Kafka record whatever the refused record's size, so a 1 MB record cannot
 * stop the dead-letter sink.
 *
 * @param reason a stable code: malformed, missing-field, bad-type, out-of-range, bad-timestamp,
 *     unknown-sensor, unit-mismatch, empty, unknown-topic, late, future, internal, alert-rejected
 * @param detail human-readable explanation
 * @param sourceTopic the topic the record came from ({@code risk.alerts} for alerts the API refused)
 * @param rawBytes the size of the refused record's value in bytes (0 without a value)
 * @param rawTruncated whether {@code raw}/{@code rawBase64} hold only the first {@link #MAX_RAW_BYTES}
 */
public record DeadLetter(String sourceTopic, int partition, long offset, String reason, String detail,
                         String raw, String rawBase64, int rawBytes, boolean rawTruncated) implements Serializable {
    public static final int MAX_RAW_BYTES = 64 * 1024;

    public static DeadLetter of(String topic, int partition, long offset, byte[] bytes, String reason, String detail) {
        if (bytes == null) {
            return new DeadLetter(topic, partition, offset, reason, detail, null, null, 0, false);
        }
        boolean truncated = bytes.length > MAX_RAW_BYTES;
        byte[] kept = truncated ? utf8Prefix(bytes) : bytes;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(kept)).toString();
            return new DeadLetter(topic, partition, offset, reason, detail, text, null, bytes.length, truncated);
        } catch (CharacterCodingException e) {
            return new DeadLetter(topic, partition, offset, reason, detail, null,
                    Base64.getEncoder().encodeToString(kept), bytes.length, truncated);
        }
    }

    public static DeadLetter of(FeedRecord r) {
        return of(r.topic(), r.partition(), r.offset(), r.raw(), r.reject().reason(), r.reject().detail());
    }

    /** The first MAX_RAW_BYTES bytes, backed off so that a UTF-8 sequence is not cut in two. */
    private static byte[] utf8Prefix(byte[] bytes) {
        int end = MAX_RAW_BYTES;
        for (int back = 0; back < 3 && end > 0 && (bytes[end] & 0xC0) == 0x80; back++) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
