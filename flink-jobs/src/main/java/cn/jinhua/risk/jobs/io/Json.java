package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.SensorReading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON for what the job writes: alerts ({@code docs/alerts.md} "Fields", exactly the {@link Alert}
 * record's fields), dead letters, and the positions and readings published for the screens. One shared {@link ObjectMapper}: thread-safe once configured.
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

    /**
     * A device's position as {@code risk.positions} carries it: {@code deviceId, ts, lat, lon} and,
     * when the fix had them, {@code accuracyM, source, batteryPct}.
     */
    public static byte[] position(LocationFix f) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("deviceId", f.deviceId());
        m.put("ts", IsoTimes.format(f.tsMillis()));
        m.put("lat", f.lat());
        m.put("lon", f.lon());
        if (f.hasAccuracy()) {
            m.put("accuracyM", f.accuracyM());
        }
        if (f.source() != null) {
            m.put("source", f.source());
        }
        if (f.batteryPct() >= 0) {
            m.put("batteryPct", f.batteryPct());
        }
        return bytes(m);
    }

    /** A sensor reading as {@code risk.readings} carries it: {@code sensorId, ts, value, unit}. */
    public static byte[] reading(SensorReading r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("sensorId", r.sensorId());
        m.put("ts", IsoTimes.format(r.tsMillis()));
        m.put("value", r.value());
        m.put("unit", r.unit());
        return bytes(m);
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
