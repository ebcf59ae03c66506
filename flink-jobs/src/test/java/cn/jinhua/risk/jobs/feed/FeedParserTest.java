package cn.jinhua.risk.jobs.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FeedParserTest {
    static final FeedTopics TOPICS = FeedTopics.defaults();
    final FeedParser parser = new FeedParser(TOPICS);

    FeedRecord parse(String topic, String json) {
        return parser.parse(topic, 1, 42, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    void assertRejected(FeedRecord r, String reason, String detailPart) {
        assertThat(r.valid()).isFalse();
        assertThat(r.reject().reason()).isEqualTo(reason);
        assertThat(r.reject().detail()).contains(detailPart);
        assertThat(r.tsMillis()).isEqualTo(Long.MIN_VALUE);
        DeadLetter dl = DeadLetter.of(r);
        assertThat(dl.sourceTopic()).isEqualTo(r.topic());
        assertThat(dl.partition()).isEqualTo(1);
        assertThat(dl.offset()).isEqualTo(42);
        assertThat(dl.reason()).isEqualTo(reason);
    }

    @Test
    void parsesAFullLocationFixIgnoringUnknownFields() {
        FeedRecord r = parse("risk.locations", "{\"deviceId\":\"d-1001\",\"ts\":\"2026-12-29T16:05:00+08:00\","
                + "\"lat\":29.2,\"lon\":119.62,\"accuracyM\":12.5,\"source\":\"GPS\",\"batteryPct\":41,"
                + "\"extra\":{\"nested\":[1,2]}}");
        assertThat(r.valid()).isTrue();
        LocationFix f = r.location();
        assertThat(f.deviceId()).isEqualTo("d-1001");
        assertThat(f.tsMillis()).isEqualTo(java.time.OffsetDateTime.parse("2026-12-29T16:05:00+08:00").toInstant().toEpochMilli());
        assertThat(f.lat()).isEqualTo(29.2);
        assertThat(f.accuracyM()).isEqualTo(12.5);
        assertThat(f.source()).isEqualTo("GPS");
        assertThat(f.batteryPct()).isEqualTo(41);
        assertThat(r.tsMillis()).isEqualTo(f.tsMillis());
    }

    @Test
    void optionalLocationFieldsMayBeAbsent() {
        LocationFix f = parse("risk.locations",
                "{\"deviceId\":\"d-1\",\"ts\":\"2026-12-29T08:05:00Z\",\"lat\":0,\"lon\":0}").location();
        assertThat(f.hasAccuracy()).isFalse();
        assertThat(f.source()).isNull();
        assertThat(f.batteryPct()).isEqualTo(-1);
    }

    @Test
    void parsesACallWithNumericCallerId() {
        FeedRecord r = parse("risk.calls", "{\"callId\":\"c-1\",\"ts\":\"2026-12-29T21:02:11.250+08:00\","
                + "\"lat\":29.22,\"lon\":119.60,\"accuracyM\":1500,\"callerId\":13800000000,"
                + "\"deviceId\":\"d-2001\",\"category\":\"LOST\",\"text\":\"我们迷路了\"}");
        EmergencyCall c = r.call();
        assertThat(c.callerId()).isEqualTo("13800000000");
        assertThat(c.deviceId()).isEqualTo("d-2001");
        assertThat(c.text()).isEqualTo("我们迷路了");
        assertThat(c.tsMillis() % 1000).isEqualTo(250);
    }

    @Test
    void readsASensorReadingKeepingItsUnitForTheLiveWorldToCheck() {
        SensorReading s = parse("risk.sensors",
                "{\"sensorId\":\"wy-creek-level\",\"ts\":\"2026-12-29T16:05:00+08:00\",\"value\":1.25,\"unit\":\"M\"}").sensor();
        assertThat(s).isNotNull();
        assertThat(s.value()).isEqualTo(1.25);
        assertThat(s.unit()).isEqualTo("M");
        assertThat(s.partition()).isEqualTo(1);
        assertThat(s.offset()).isEqualTo(42);
        assertThat(parse("risk.sensors", "{\"sensorId\":\"wy-creek-level\",\"ts\":\"2026-12-29T16:05:00+08:00\",\"value\":3}")
                .sensor().unit()).as("no unit sent").isNull();
        assertThat(parse("risk.sensors", "{\"sensorId\":\"wy-new-pool-level\",\"ts\":\"2026-12-29T16:05:00+08:00\",\"value\":3,"
                + "\"unit\":\"CM\"}").sensor()).as("a sensor the starting world does not have, in any unit")
                .extracting(SensorReading::sensorId, SensorReading::unit).containsExactly("wy-new-pool-level", "CM");
    }

    @Test
    void rejectsBytesThatAreNotJson() {
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d-1\",\"ts\":"), FeedParser.MALFORMED, "not valid JSON");
        assertRejected(parse("risk.locations", "hello"), FeedParser.MALFORMED, "not valid JSON");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertRejected(parse("risk.calls", "[1,2,3]"), FeedParser.MALFORMED, "not a JSON object");
    }

    @Test
    void rejectsInvalidUtf8AndKeepsItAsBase64() {
        byte[] bad = {(byte) 0xff, (byte) 0xfe, 'x'};
        FeedRecord r = parser.parse("risk.locations", 0, 7, bad);
        assertThat(r.reject().reason()).isEqualTo(FeedParser.MALFORMED);
        DeadLetter dl = DeadLetter.of(r);
        assertThat(dl.raw()).isNull();
        assertThat(dl.rawBase64()).isEqualTo("//54");
    }

    @Test
    void rejectsAnEmptyRecord() {
        assertRejected(parse("risk.locations", null), FeedParser.EMPTY, "no value");
        assertRejected(parse("risk.locations", ""), FeedParser.EMPTY, "no value");
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertRejected(parse("risk.locations", "{\"ts\":\"2026-12-29T16:05:00+08:00\",\"lat\":1,\"lon\":1}"),
                FeedParser.MISSING_FIELD, "deviceId");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\",\"lat\":1,\"lon\":1}"), FeedParser.MISSING_FIELD, "ts");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\",\"ts\":\"2026-12-29T16:05:00+08:00\",\"lon\":1}"),
                FeedParser.MISSING_FIELD, "lat");
        assertRejected(parse("risk.calls", "{\"ts\":\"2026-12-29T16:05:00+08:00\",\"lat\":1,\"lon\":1}"),
                FeedParser.MISSING_FIELD, "callId");
        assertRejected(parse("risk.sensors", "{\"sensorId\":\"wy-creek-level\",\"ts\":\"2026-12-29T16:05:00+08:00\"}"),
                FeedParser.MISSING_FIELD, "value");
    }

    @Test
    void rejectsFieldsOfTheWrongType() {
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\",\"ts\":\"2026-12-29T16:05:00+08:00\",\"lat\":\"29.1\",\"lon\":1}"),
                FeedParser.BAD_TYPE, "lat must be a number");
        assertRejected(parse("risk.sensors", "{\"sensorId\":\"wy-creek-level\",\"ts\":\"2026-12-29T16:05:00+08:00\",\"value\":\"NaN\"}"),
                FeedParser.BAD_TYPE, "value must be a number");
    }

    @Test
    void rejectsValuesOutOfRange() {
        String ts = "\"ts\":\"2026-12-29T16:05:00+08:00\"";
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\"," + ts + ",\"lat\":95,\"lon\":1}"), FeedParser.OUT_OF_RANGE, "lat");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\"," + ts + ",\"lat\":9,\"lon\":-181}"), FeedParser.OUT_OF_RANGE, "lon");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\"," + ts + ",\"lat\":9,\"lon\":1,\"accuracyM\":-3}"),
                FeedParser.OUT_OF_RANGE, "accuracyM");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\"," + ts + ",\"lat\":9,\"lon\":1,\"batteryPct\":101}"),
                FeedParser.OUT_OF_RANGE, "batteryPct");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d 1\"," + ts + ",\"lat\":9,\"lon\":1}"),
                FeedParser.OUT_OF_RANGE, "deviceId");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"" + "x".repeat(65) + "\"," + ts + ",\"lat\":9,\"lon\":1}"),
                FeedParser.OUT_OF_RANGE, "deviceId");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\"," + ts + ",\"lat\":9,\"lon\":1,\"source\":\"SAT\"}"),
                FeedParser.OUT_OF_RANGE, "source");
        assertRejected(parse("risk.calls", "{\"callId\":\"c\"," + ts + ",\"lat\":9,\"lon\":1,\"category\":\"BORED\"}"),
                FeedParser.OUT_OF_RANGE, "category");
        assertRejected(parse("risk.sensors", "{\"sensorId\":\"wy-creek-level\"," + ts + ",\"value\":1e999}"),
                FeedParser.OUT_OF_RANGE, "finite");
    }

    @Test
    void rejectsTimestampsThatAreNotIsoWithOffset() {
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\",\"ts\":\"2026-12-29T16:05:00\",\"lat\":1,\"lon\":1}"),
                FeedParser.BAD_TIMESTAMP, "ISO-8601");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\",\"ts\":\"2026-02-30T16:05:00+08:00\",\"lat\":1,\"lon\":1}"),
                FeedParser.BAD_TIMESTAMP, "ISO-8601");
        assertRejected(parse("risk.locations", "{\"deviceId\":\"d\",\"ts\":\"yesterday\",\"lat\":1,\"lon\":1}"),
                FeedParser.BAD_TIMESTAMP, "yesterday");
    }

    @Test
    void timestampsOutsideTheContractYearsAreBadTimestampsNotACrash() {
        // Regression: this record overflowed toEpochMilli in the deserializer and put the job into an
        // endless restart loop.
        assertRejected(parse("risk.locations",
                        "{\"deviceId\":\"poison-1\",\"ts\":\"+300000000-01-01T00:00:00Z\",\"lat\":29.2,\"lon\":119.6,\"accuracyM\":10}"),
                FeedParser.BAD_TIMESTAMP, "year 300000000");
        for (String ts : new String[] {"0000-01-01T00:00:00Z", "1999-12-31T23:59:59+08:00", "+10000-01-01T00:00:00Z",
                "2026-12-29T16:05:00+18:30", "2026-12-29T16:05:00-19:00"}) {
            assertRejected(parse("risk.sensors", "{\"sensorId\":\"wy-creek-level\",\"ts\":\"" + ts + "\",\"value\":1}"),
                    FeedParser.BAD_TIMESTAMP, ts.substring(0, 10));
        }
        assertThat(parse("risk.sensors", "{\"sensorId\":\"wy-creek-level\",\"ts\":\"9999-12-31T23:59:59+08:00\",\"value\":1}")
                .valid()).isTrue();
    }

    static final long NOW = java.time.Instant.parse("2026-12-07T01:00:00Z").toEpochMilli();

    FeedRecord parseLive(String json) {
        FeedParser live = new FeedParser(TOPICS, RecordClock.live(java.time.Duration.ofMinutes(10)).withWallClock(() -> NOW));
        return live.parse("risk.locations", 1, 42, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLiveClockRefusesRecordsStampedFurtherAheadThanTheSkewAndSaysBy() {
        FeedRecord ahead = parseLive("{\"deviceId\":\"d-1\",\"ts\":\"2027-01-17T18:37:59+08:00\",\"lat\":29.2,\"lon\":119.6}");
        assertRejected(ahead, FeedParser.FUTURE, "41 days ahead of the job's clock 2026-12-07T09:00:00+08:00");
        assertThat(ahead.reject().detail()).contains("allowed: 10 min");
        // Within the skew, and behind the clock: accepted.
        assertThat(parseLive("{\"deviceId\":\"d-1\",\"ts\":\"2026-12-07T09:09:59+08:00\",\"lat\":29.2,\"lon\":119.6}").valid()).isTrue();
        assertThat(parseLive("{\"deviceId\":\"d-1\",\"ts\":\"2026-12-07T09:10:01+08:00\",\"lat\":29.2,\"lon\":119.6}")
                .reject().reason()).isEqualTo(FeedParser.FUTURE);
        assertThat(parseLive("{\"deviceId\":\"d-1\",\"ts\":\"2020-01-01T00:00:00+08:00\",\"lat\":29.2,\"lon\":119.6}").valid()).isTrue();
        // The records clock trusts whatever the records say.
        assertThat(parse("risk.locations", "{\"deviceId\":\"d-1\",\"ts\":\"2027-01-17T18:37:59+08:00\",\"lat\":29.2,\"lon\":119.6}")
                .valid()).isTrue();
    }

    @Test
    void anUnexpectedFailureOnOneRecordIsAnInternalRejectNamingTheException() {
        // No Kafka record has a null topic; it stands for any bug the parser might meet on one record.
        FeedRecord r = parser.parse(null, 1, 42, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.valid()).isFalse();
        assertThat(r.reject().reason()).isEqualTo(FeedParser.INTERNAL);
        assertThat(r.reject().detail()).startsWith("java.lang.NullPointerException");
    }

    @Test
    void detailsQuoteOnlyTheStartOfAHugeValue() {
        String huge = "x".repeat(1_000_000);
        FeedRecord r = parse("risk.calls", "{\"callId\":\"c\",\"ts\":\"2026-12-29T16:05:00+08:00\",\"lat\":9,\"lon\":1,"
                + "\"category\":\"" + huge + "\"}");
        assertRejected(r, FeedParser.OUT_OF_RANGE, "(1000000 chars)");
        assertThat(r.reject().detail()).hasSizeLessThan(200);
    }

    @Test
    void aTimestampBeforeTheContractsYearsIsABadTimestamp() {
        // docs/feeds.md "Timestamps": years 2000-9999 only (java.time alone would take 1999).
        FeedRecord r = parser.parse("risk.locations", 0, 1,
                "{\"deviceId\":\"d-1\",\"ts\":\"1999-01-01T00:00:00Z\",\"lat\":29.2,\"lon\":119.6}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.reject()).isNotNull();
        assertThat(r.reject().reason()).isEqualTo(FeedParser.BAD_TIMESTAMP);
        assertThat(r.reject().detail()).contains("1999").contains("2000..9999");
    }

    @Test
    void deviceIdCheckMatchesTheSpecPattern() {
        java.util.regex.Pattern spec = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        String alphabet = "aZ09._:-/ #é设\u0000\uD83D\uDE00";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(70);
            for (int k = 0; k < n; k++) {
                b.append(r.nextInt(4) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) ('a' + r.nextInt(26)));
            }
            String id = b.toString();
            assertThat(FeedParser.isDeviceId(id)).as(id).isEqualTo(spec.matcher(id).matches());
        }
    }
}
