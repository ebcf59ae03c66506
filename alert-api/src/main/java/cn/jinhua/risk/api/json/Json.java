package cn.jinhua.risk.api.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The Jackson mapper used for stored documents and raw request bodies, and the API's time format.
 * Times are ISO-8601 with the Asia/Shanghai offset, like the alert contract. Thread-safe.
 */
public final class Json {
    /** Shared mapper; configured once, never mutated afterwards. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Json() {
    }

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /**
     * ISO-8601 with the +08:00 offset and always three fraction digits, so that two such strings
     * compare in time order.
     */
    public static String iso(Instant t) {
        return FIXED.format(t.atZone(ZONE));
    }

    /**
     * Parses an ISO-8601 time with offset (or Z).
     *
     * @throws DateTimeParseException when it is not one
     */
    public static Instant parseInstant(String iso) {
        return OffsetDateTime.parse(iso).toInstant();
    }
}
