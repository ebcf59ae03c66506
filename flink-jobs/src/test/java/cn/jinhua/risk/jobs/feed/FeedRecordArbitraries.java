package cn.jinhua.risk.jobs.feed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of feed records for fuzzing: valid records of each topic, mostly mutated once or
 * twice (truncation, wrong types, non-finite and huge numbers, timestamps out of the contract,
 * 10,000-deep nesting, 1 MB strings, invalid UTF-8, a BOM, duplicate keys, arrays instead of
 * objects, empty and blank values). Used by the parser's fuzz test and by the hostile-records IT.
 */
public final class FeedRecordArbitraries {
    private FeedRecordArbitraries() {
    }

    public static final List<String> LOCATIONS = List.of(
            "{\"deviceId\":\"d-1001\",\"ts\":\"2026-12-19T16:05:00+08:00\",\"lat\":29.2012345,\"lon\":119.6212345,\"accuracyM\":12.5,\"source\":\"GPS\",\"batteryPct\":41}",
            "{\"deviceId\":\"bs:hiker_7.a\",\"ts\":\"2026-12-19T08:05:00Z\",\"lat\":29.18,\"lon\":119.64}",
            "{\"deviceId\":\"d-2\",\"ts\":\"2026-12-19T16:05:00.250+08:00\",\"lat\":29.21,\"lon\":119.60,\"accuracyM\":1500,\"source\":\"CELL\",\"batteryPct\":3,\"extra\":{\"a\":[1,2]}}");
    public static final List<String> CALLS = List.of(
            "{\"callId\":\"c-1\",\"ts\":\"2026-12-19T21:02:11.250+08:00\",\"lat\":29.22,\"lon\":119.60,\"accuracyM\":800,\"callerId\":\"13800000000\",\"deviceId\":\"d-2001\",\"category\":\"LOST\",\"text\":\"我们迷路了，走不出来\"}",
            "{\"callId\":\"c-2\",\"ts\":\"2026-12-19T13:00:00Z\",\"lat\":29.2,\"lon\":119.6,\"callerId\":13800000000,\"category\":\"INJURY\"}",
            "{\"callId\":\"c-3\",\"ts\":\"2026-12-19T13:00:00+08:00\",\"lat\":29.2,\"lon\":119.6,\"text\":\"trapped near the cliff\"}");
    public static final List<String> SENSORS = List.of(
            "{\"sensorId\":\"wy-creek-level\",\"ts\":\"2026-12-18T15:00:00+08:00\",\"value\":1.25,\"unit\":\"M\"}",
            "{\"sensorId\":\"wy-e03-pool-level\",\"ts\":\"2026-12-18T15:01:00+08:00\",\"value\":3.9}",
            "{\"sensorId\":\"wy-wq-down-cr6\",\"ts\":\"2026-12-18T16:05:00+08:00\",\"value\":0.08,\"unit\":\"MG_PER_L\"}");

    public static Arbitrary<byte[]> locations() {
        return records(LOCATIONS, List.of("deviceId", "ts", "lat", "lon", "accuracyM", "source", "batteryPct"));
    }

    public static Arbitrary<byte[]> calls() {
        return records(CALLS, List.of("callId", "ts", "lat", "lon", "accuracyM", "callerId", "deviceId", "category", "text"));
    }

    public static Arbitrary<byte[]> sensors() {
        return records(SENSORS, List.of("sensorId", "ts", "value", "unit"));
    }

    /** Valid records, mostly mutated once or twice, plus some bytes that are nothing like a record. */
    public static Arbitrary<byte[]> records(List<String> valid, List<String> fields) {
        Arbitrary<String> base = Arbitraries.of(valid);
        Arbitrary<String> once = Combinators.combine(base, mutation(fields)).as((s, m) -> m.apply(s));
        Arbitrary<String> twice = Combinators.combine(once, mutation(fields)).as((s, m) -> m.apply(s));
        Arbitrary<byte[]> text = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, base), net.jqwik.api.Tuple.of(6, once), net.jqwik.api.Tuple.of(3, twice))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> bytes = Combinators.combine(base.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(0, 200), byteNoise()).as(FeedRecordArbitraries::spliceBytes);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, text), net.jqwik.api.Tuple.of(1, bytes));
    }

    interface Mutation {
        String apply(String record);
    }

    static final List<String> ODD_VALUES = List.of("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "-0", "-0.0",
            "1" + "0".repeat(400), "-" + "9".repeat(30), "0x10", "1.", ".5", "+1", "true", "null", "\"\"", "\"  \"",
            "\"\\u0000\"", "[]", "{}", "[1,2]", "{\"a\":1}", "\"29.2\"", "12345678901234567890", "4.9e-324",
            "1.7976931348623157e308", "\"\\ud800\"");
    static final List<String> ODD_TIMES = List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59+08:00",
            "+10000-01-01T00:00:00Z", "+300000000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-12-19T16:05:00+18:01",
            "2026-12-19T16:05:00-18:30", "2026-12-19T16:05:00+99:99", "2026-12-19T16:05:00", "2026-12-19",
            "2099-01-01T00:00:00+08:00", "2026-12-19T16:05:00.1234567890+08:00", "2026-02-30T00:00:00Z", "",
            " ", "2026-12-19T16:05:00+08:00\u0000", "１９９９-01-01T00:00:00Z");

    static Arbitrary<Mutation> mutation(List<String> fields) {
        Arbitrary<String> field = Arbitraries.of(fields);
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 400).map(at -> s -> s.substring(0, Math.min(at, s.length()))),
                Combinators.combine(field, Arbitraries.of(ODD_VALUES)).as((f, v) -> s -> replaceValue(s, f, v)),
                Combinators.combine(Arbitraries.just("ts"), Arbitraries.of(ODD_TIMES)).as((f, v) -> s -> replaceValue(s, f, "\"" + v + "\"")),
                field.map(f -> s -> removeField(s, f)),
                Combinators.combine(field, Arbitraries.of(ODD_VALUES)).as((f, v) -> s -> s.replaceFirst("\\{", "{\"" + f + "\":" + v + ",")),
                Arbitraries.integers().between(1, 10_000).map(depth -> s -> s.replaceFirst("\\}$",
                        ",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}")),
                Arbitraries.integers().between(1, 10_000).map(depth -> s -> s.replaceFirst("\\}$",
                        ",\"deep\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}")),
                Combinators.combine(field, Arbitraries.of(1_000, 100_000, 1_000_000))
                        .as((f, n) -> s -> replaceValue(s, f, "\"" + "迷".repeat(n / 3) + "\"")),
                Arbitraries.just(s -> "\uFEFF" + s),
                Arbitraries.just(s -> "[" + s + "]"),
                Arbitraries.just(s -> s + s),
                Arbitraries.just(s -> s + " \n\t"),
                Arbitraries.just(s -> ""),
                Arbitraries.just(s -> "   "),
                Arbitraries.just(s -> "null"),
                Arbitraries.just(s -> s.replace(":", ": ")),
                Arbitraries.just(s -> s.toUpperCase()),
                Arbitraries.strings().ofMaxLength(50).map(junk -> s -> s.substring(0, s.length() / 2) + junk + s.substring(s.length() / 2)));
    }

    static Arbitrary<byte[]> byteNoise() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.just(new byte[] {(byte) 0xff, (byte) 0xfe}),
                Arbitraries.just(new byte[] {(byte) 0xc3}),
                Arbitraries.just(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
                Arbitraries.just(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}),
                Arbitraries.just(new byte[] {0}));
    }

    static byte[] spliceBytes(byte[] record, int at, byte[] noise) {
        int i = Math.min(at, record.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(record, 0, i);
        out.write(noise, 0, noise.length);
        out.write(record, i, record.length - i);
        return out.toByteArray();
    }

    /** The record with one field's JSON value replaced (or added when absent). */
    static String replaceValue(String s, String field, String value) {
        int k = s.indexOf("\"" + field + "\":");
        if (k < 0) {
            return s.replaceFirst("\\{", "{\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value) + ",");
        }
        int start = k + field.length() + 3;
        int end = valueEnd(s, start);
        return s.substring(0, start) + value + s.substring(end);
    }

    static String removeField(String s, String field) {
        int k = s.indexOf("\"" + field + "\":");
        if (k < 0) {
            return s;
        }
        int end = valueEnd(s, k + field.length() + 3);
        if (end < s.length() && s.charAt(end) == ',') {
            end++;
        } else if (k > 0 && s.charAt(k - 1) == ',') {
            k--;
        }
        return s.substring(0, k) + s.substring(end);
    }

    /** End of the simple JSON value starting at {@code i} (string, number, literal, flat object or array). */
    static int valueEnd(String s, int i) {
        if (i >= s.length()) {
            // A record cut right after a key (a truncation before this mutation) has no value left.
            return s.length();
        }
        if (s.charAt(i) == '"') {
            int j = i + 1;
            while (j < s.length() && s.charAt(j) != '"') {
                j += s.charAt(j) == '\\' ? 2 : 1;
            }
            return Math.min(j + 1, s.length());
        }
        int depth = 0;
        int j = i;
        for (; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        return j;
    }
}
