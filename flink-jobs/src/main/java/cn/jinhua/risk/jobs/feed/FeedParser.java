package cn.jinhua.risk.jobs.feed;

import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.Set;

/**
 * Parses and validates one record of {@code risk.locations}, {@code risk.calls} or
 * {@code risk.sensors} ({@code docs/feeds.md} "Topics and records", "Validation and dead letters").
 * Every record yields a {@link FeedRecord}: either the typed value or a {@link FeedRecord.Reject}
 * with a stable reason code and a human-readable detail. It never throws, whatever the bytes: an
 * unexpected failure is a reject with reason {@link #INTERNAL}. Unknown fields are ignored. With a
 * live {@link RecordClock}, a record stamped more than the maximum future skew ahead of the wall
 * clock is refused as {@link #FUTURE}. Uses Jackson's streaming parser (no tree, no reflection)
 * because it runs once per record on the hot path. It checks records against the feed contract
 * alone: whether a reading's sensor exists, and in which unit, is the live world's to say
 * ({@code wastewater.SensorRouter}), since sensors are put in and taken out while the job runs.
 *
 * <p>Thread-safe once built: the {@link JsonFactory} is thread-safe.
 */
public final class FeedParser {
    public static final String MALFORMED = "malformed";
    public static final String MISSING_FIELD = "missing-field";
    public static final String BAD_TYPE = "bad-type";
    public static final String OUT_OF_RANGE = "out-of-range";
    public static final String BAD_TIMESTAMP = "bad-timestamp";
    public static final String EMPTY = "empty";
    public static final String UNKNOWN_TOPIC = "unknown-topic";
    public static final String FUTURE = "future";
    public static final String INTERNAL = "internal";
    /** Values quoted in a reject's detail are cut to this many characters: a detail is for people. */
    static final int MAX_QUOTED = 64;

    private static final int MAX_DEVICE_ID_LENGTH = 64;
    private static final Set<String> CATEGORIES = Set.of("LOST", "TRAPPED", "INJURY", "POLLUTION", "FIRE", "OTHER");
    private static final int MAX_ID_LENGTH = 128;

    private final FeedTopics topics;
    private final RecordClock clock;
    // The fast double parser (FastDoubleParser inside jackson-core) rounds exactly like
    // Double.parseDouble but avoids its big-integer slow path, which full-precision GPS
    // coordinates (15-17 significant digits) hit on every fix.
    private final JsonFactory json = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    /** A parser that trusts the records' times (no future check): replays, backtests, tests. */
    public FeedParser(FeedTopics topics) {
        this(topics, RecordClock.trustRecords());
    }

    public FeedParser(FeedTopics topics, RecordClock clock) {
        this.topics = topics;
        this.clock = clock;
    }

    /** Signals a refused record inside the parser; never escapes {@link #parse}. */
    private static final class Refused extends Exception {
        final String reason;

        Refused(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** The fields a feed record may carry; which are required depends on the topic. */
    private static final class Fields {
        String id;
        String ts;
        double lat = Double.NaN;
        double lon = Double.NaN;
        boolean hasLat;
        boolean hasLon;
        double accuracyM = Double.NaN;
        String source;
        int batteryPct = -1;
        String callerId;
        String deviceId;
        String category;
        String text;
        double value = Double.NaN;
        boolean hasValue;
        String unit;
    }

    public FeedRecord parse(String topic, int partition, long offset, byte[] raw) {
        try {
            return parseOrRefuse(topic, partition, offset, raw);
        } catch (Refused r) {
            return rejected(topic, partition, offset, raw, r.reason, r.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Whatever one record does, it must not stop the job: it goes to the dead letters.
            return rejected(topic, partition, offset, raw, INTERNAL, internalDetail(e));
        }
    }

    /** The detail of an {@link #INTERNAL} reject: the exception's class and message. */
    public static String internalDetail(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getName() + (m == null ? "" : ": " + firstLine(m));
    }

    private static FeedRecord rejected(String topic, int partition, long offset, byte[] raw, String reason, String detail) {
        return new FeedRecord(topic, partition, offset, raw, Long.MIN_VALUE, null, null, null,
                new FeedRecord.Reject(reason, detail));
    }

    private FeedRecord parseOrRefuse(String topic, int partition, long offset, byte[] raw) throws Refused {
        if (raw == null || raw.length == 0) {
            throw new Refused(EMPTY, "the record has no value");
        }
        if (topic.equals(topics.locations())) {
            LocationFix fix = location(read(raw, IdField.DEVICE), partition, offset);
            return new FeedRecord(topic, partition, offset, raw, fix.tsMillis(), fix, null, null, null);
        }
        if (topic.equals(topics.calls())) {
            EmergencyCall call = call(read(raw, IdField.CALL), partition, offset);
            return new FeedRecord(topic, partition, offset, raw, call.tsMillis(), null, call, null, null);
        }
        if (topic.equals(topics.sensors())) {
            SensorReading reading = sensor(read(raw, IdField.SENSOR), partition, offset);
            return new FeedRecord(topic, partition, offset, raw, reading.tsMillis(), null, null, reading, null);
        }
        throw new Refused(UNKNOWN_TOPIC, "no feed is read from topic " + quote(topic));
    }

    /** A value for a detail: quoted, and cut when long (a 1 MB field must not make a 1 MB detail). */
    public static String quote(String v) {
        if (v == null) {
            return "null";
        }
        return "'" + (v.length() <= MAX_QUOTED ? v : v.substring(0, MAX_QUOTED) + "…(" + v.length() + " chars)") + "'";
    }

    private enum IdField {
        DEVICE("deviceId"), CALL("callId"), SENSOR("sensorId");

        final String name;

        IdField(String name) {
            this.name = name;
        }
    }

    private Fields read(byte[] raw, IdField idField) throws Refused {
        Fields f = new Fields();
        try (JsonParser p = json.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Refused(MALFORMED, "the record is not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(idField.name)) {
                    f.id = text(p, v, name);
                    continue;
                }
                switch (name) {
                    case "ts":
                        f.ts = text(p, v, name);
                        break;
                    case "lat":
                        f.lat = number(p, v, name);
                        f.hasLat = v != JsonToken.VALUE_NULL;
                        break;
                    case "lon":
                        f.lon = number(p, v, name);
                        f.hasLon = v != JsonToken.VALUE_NULL;
                        break;
                    case "accuracyM":
                        f.accuracyM = number(p, v, name);
                        break;
                    case "source":
                        f.source = LocationSources.canonical(text(p, v, name));
                        break;
                    case "batteryPct":
                        double b = number(p, v, name);
                        if (!Double.isNaN(b)) {
                            if (b < 0 || b > 100) {
                                throw new Refused(OUT_OF_RANGE, "batteryPct " + b + " is outside 0..100");
                            }
                            f.batteryPct = (int) Math.round(b);
                        }
                        break;
                    case "callerId":
                        f.callerId = scalarText(p, v, name);
                        break;
                    case "deviceId":
                        f.deviceId = text(p, v, name);
                        break;
                    case "category":
                        f.category = text(p, v, name);
                        break;
                    case "text":
                        f.text = text(p, v, name);
                        break;
                    case "value":
                        f.value = number(p, v, name);
                        f.hasValue = v != JsonToken.VALUE_NULL;
                        break;
                    case "unit":
                        f.unit = text(p, v, name);
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new Refused(MALFORMED, "the JSON object is not closed");
            }
            if (p.nextToken() != null) {
                throw new Refused(MALFORMED, "trailing content after the JSON object");
            }
        } catch (IOException e) {
            throw new Refused(MALFORMED, "not valid JSON: " + firstLine(e.getMessage()));
        }
        return f;
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "unreadable";
        }
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    private static String text(JsonParser p, JsonToken v, String name) throws IOException, Refused {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new Refused(BAD_TYPE, name + " must be a string");
        }
        return p.getText();
    }

    /** Caller numbers arrive as strings or as plain numbers; both are kept as text. */
    private static String scalarText(JsonParser p, JsonToken v, String name) throws IOException, Refused {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        return text(p, v, name);
    }

    private static double number(JsonParser p, JsonToken v, String name) throws IOException, Refused {
        if (v == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            p.skipChildren();
            throw new Refused(BAD_TYPE, name + " must be a number");
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new Refused(OUT_OF_RANGE, name + " must be a finite number");
        }
        return d;
    }

    private long timestamp(Fields f) throws Refused {
        if (f.ts == null) {
            throw new Refused(MISSING_FIELD, "ts is required");
        }
        long ts;
        try {
            ts = IsoTimes.parseMillis(f.ts);
        } catch (DateTimeException e) {
            throw new Refused(BAD_TIMESTAMP, "ts " + e.getMessage());
        }
        if (clock.live()) {
            long now = clock.wallClock().getAsLong();
            if (ts - now > clock.maxFutureSkewMillis()) {
                throw new Refused(FUTURE, "ts " + quote(f.ts) + " is " + RecordClock.describe(ts - now)
                        + " ahead of the job's clock " + IsoTimes.format(now) + " (allowed: "
                        + RecordClock.describe(clock.maxFutureSkewMillis()) + ")");
            }
        }
        return ts;
    }

    private static void position(Fields f) throws Refused {
        if (!f.hasLat) {
            throw new Refused(MISSING_FIELD, "lat is required");
        }
        if (!f.hasLon) {
            throw new Refused(MISSING_FIELD, "lon is required");
        }
        if (f.lat < -90 || f.lat > 90) {
            throw new Refused(OUT_OF_RANGE, "lat " + f.lat + " is outside -90..90");
        }
        if (f.lon < -180 || f.lon > 180) {
            throw new Refused(OUT_OF_RANGE, "lon " + f.lon + " is outside -180..180");
        }
        if (f.accuracyM < 0) {
            throw new Refused(OUT_OF_RANGE, "accuracyM " + f.accuracyM + " must be >= 0");
        }
    }

    private static void requireId(String id, String name) throws Refused {
        if (id == null) {
            throw new Refused(MISSING_FIELD, name + " is required");
        }
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new Refused(OUT_OF_RANGE, name + " must be 1.." + MAX_ID_LENGTH + " characters");
        }
    }

    /** {@code [A-Za-z0-9._:-]{1,64}}, checked by hand: it runs on every fix. */
    static boolean isDeviceId(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_DEVICE_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private LocationFix location(Fields f, int partition, long offset) throws Refused {
        if (f.id == null) {
            throw new Refused(MISSING_FIELD, "deviceId is required");
        }
        if (!isDeviceId(f.id)) {
            throw new Refused(OUT_OF_RANGE, "deviceId must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        long ts = timestamp(f);
        position(f);
        if (f.source != null && !LocationSources.isKnown(f.source)) {
            throw new Refused(OUT_OF_RANGE, "source " + quote(f.source) + " is not one of GPS, CELL, WIFI");
        }
        return new LocationFix(f.id, ts, f.ts, f.lat, f.lon, f.accuracyM, f.source, f.batteryPct, partition, offset);
    }

    private EmergencyCall call(Fields f, int partition, long offset) throws Refused {
        requireId(f.id, "callId");
        long ts = timestamp(f);
        position(f);
        if (f.category != null && !CATEGORIES.contains(f.category)) {
            throw new Refused(OUT_OF_RANGE, "category " + quote(f.category)
                    + " is not one of LOST, TRAPPED, INJURY, POLLUTION, FIRE, OTHER");
        }
        if (f.deviceId != null && !isDeviceId(f.deviceId)) {
            throw new Refused(OUT_OF_RANGE, "deviceId must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        return new EmergencyCall(f.id, ts, f.ts, f.lat, f.lon, f.accuracyM, f.callerId, f.deviceId, f.category, f.text,
                partition, offset);
    }

    /** The unit is kept as sent (null when absent) for the sensor router to check against the live world. */
    private SensorReading sensor(Fields f, int partition, long offset) throws Refused {
        requireId(f.id, "sensorId");
        long ts = timestamp(f);
        if (!f.hasValue) {
            throw new Refused(MISSING_FIELD, "value is required");
        }
        return new SensorReading(f.id, ts, f.ts, f.value, f.unit, partition, offset);
    }
}
