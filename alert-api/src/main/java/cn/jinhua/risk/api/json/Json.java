package cn.jinhua.risk.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The Jackson mapper of stored documents and raw request bodies (times: {@code contract.IsoTimes}).
 * Unknown fields are ignored when reading, so documents written by earlier versions still read; a
 * field named twice in one object is an error, as in the bodies Micronaut binds
 * ({@code micronaut.serde.jackson.parser-features}). Thread-safe.
 */
public final class Json {
    /** Shared mapper; configured once, never mutated afterwards. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);

    private Json() {
    }
}
