package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON for what the job writes: alerts ({@code docs/alerts.md} "Fields", exactly the {@link Alert}
 * record's fields) and dead letters. One shared {@link ObjectMapper}: thread-safe once configured.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    public static byte[] alert(Alert a) {
        return bytes(a);
    }

    public static byte[] deadLetter(DeadLetter d) {
        return bytes(d);
    }

    public static Alert readAlert(byte[] json) {
        try {
            return MAPPER.readValue(json, Alert.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an alert: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Object o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + o.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
