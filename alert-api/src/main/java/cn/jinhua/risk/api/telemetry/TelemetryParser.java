package cn.jinhua.risk.api.telemetry;

import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.device.DevicePosition;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.sensor.Reading;
import cn.jinhua.risk.api.world.LiveWorld;
import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the records of {@code risk.positions} and {@code risk.readings} ({@code docs/feeds.md} "What
 * the job publishes"); a record that does not hold what the job writes is refused with the reason,
 * and only it is skipped. Thread-safe.
 */
@Singleton
final class TelemetryParser {
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> SOURCES = Set.of("GPS", "CELL", "WIFI");
    private final LiveWorld world;

    TelemetryParser(LiveWorld world) {
        this.world = world;
    }

    /** A record that is not what the job writes. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    DevicePosition position(byte[] value, String receivedAt) throws Refused {
        JsonNode n = tree(value);
        String deviceId = text(n, "deviceId");
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new Refused("deviceId: expected 1–64 characters of [A-Za-z0-9._:-], got \"" + deviceId + "\"");
        }
        String ts = time(n);
        double lat = number(n, "lat", -90, 90);
        double lon = number(n, "lon", -180, 180);
        Double accuracy = n.hasNonNull("accuracyM") ? number(n, "accuracyM", 0, Double.MAX_VALUE) : null;
        String source = n.hasNonNull("source") ? text(n, "source") : null;
        if (source != null && !SOURCES.contains(source)) {
            throw new Refused("source: expected one of " + SOURCES + ", got \"" + source + "\"");
        }
        Integer battery = n.hasNonNull("batteryPct") ? (int) Math.round(number(n, "batteryPct", 0, 100)) : null;
        return new DevicePosition(deviceId, new Position(lat, lon), ts, accuracy, source, battery, receivedAt);
    }

    Reading reading(byte[] value) throws Refused {
        JsonNode n = tree(value);
        String sensorId = text(n, "sensorId");
        var sensor = world.world().sensor(sensorId).orElseThrow(() -> new Refused("sensorId: no sensor \"" + sensorId + "\" in the world"));
        String ts = time(n);
        double v = number(n, "value", -Double.MAX_VALUE, Double.MAX_VALUE);
        if (n.hasNonNull("unit") && !sensor.unit().equals(n.get("unit").asText())) {
            throw new Refused("unit: sensor " + sensorId + " reads " + sensor.unit() + ", got \"" + n.get("unit").asText() + "\"");
        }
        return new Reading(sensorId, ts, v);
    }

    private static JsonNode tree(byte[] value) throws Refused {
        if (value == null) {
            throw new Refused("empty record");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(value);
            if (n == null || !n.isObject()) {
                throw new Refused("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Refused("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static String text(JsonNode n, String field) throws Refused {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new Refused(field + ": a non-empty string is required");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field, double min, double max) throws Refused {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new Refused(field + ": a finite number is required");
        }
        double d = v.asDouble();
        if (d < min || d > max) {
            throw new Refused(field + ": must be within " + min + ".." + max + ", got " + d);
        }
        return d;
    }

    private static String time(JsonNode n) throws Refused {
        String ts = text(n, "ts");
        try {
            IsoTimes.parseMillis(ts);
            return ts;
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new Refused("ts: expected an ISO-8601 time with offset, got \"" + ts + "\"");
        }
    }
}
