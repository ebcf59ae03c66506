package cn.jinhua.risk.jobs.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.io.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Whole-record fuzzing of the feed parser: for each topic, 10,000 generated records, most of them
 * valid records with one or two mutations (truncation, wrong types, non-finite and huge numbers,
 * timestamps out of the contract, deep nesting, 1 MB strings, invalid UTF-8, a BOM, duplicate
 * keys, arrays instead of objects, empty and blank values). The parser must return a record or a
 * reject with a known reason and a bounded detail, never throw, and every reject must make a dead
 * letter that fits in a Kafka record.
 */
class FeedParserFuzzTest {
    static final FeedTopics TOPICS = FeedTopics.defaults();
    static final FeedParser PARSER = new FeedParser(TOPICS,
            RecordClock.live(Duration.ofMinutes(10)).withWallClock(() -> java.time.Instant.parse("2026-12-20T00:00:00Z").toEpochMilli()));
    static final Set<String> REASONS = Set.of(FeedParser.MALFORMED, FeedParser.MISSING_FIELD, FeedParser.BAD_TYPE,
            FeedParser.OUT_OF_RANGE, FeedParser.BAD_TIMESTAMP, FeedParser.EMPTY, FeedParser.FUTURE);
    static final Map<String, Map<String, AtomicInteger>> OUTCOMES = new ConcurrentHashMap<>();

    @Property(tries = 10_000)
    void locationsNeverThrow(@ForAll("locationRecords") byte[] record) {
        check(TOPICS.locations(), record);
    }

    @Property(tries = 10_000)
    void callsNeverThrow(@ForAll("callRecords") byte[] record) {
        check(TOPICS.calls(), record);
    }

    @Property(tries = 10_000)
    void sensorReadingsNeverThrow(@ForAll("sensorRecords") byte[] record) {
        check(TOPICS.sensors(), record);
    }

    /** Found by CI: a record truncated right after {@code "ts":} and then given an odd time broke the generator. */
    @Example
    void aRecordCutAfterAKeyCanStillBeMutated() {
        String cut = FeedRecordArbitraries.LOCATIONS.get(0).substring(0, 26);
        assertThat(cut).endsWith("\"ts\":");
        String mutated = FeedRecordArbitraries.replaceValue(cut, "ts", "\"2026-12-19\"");
        assertThat(mutated).isEqualTo(cut + "\"2026-12-19\"");
        assertThat(FeedRecordArbitraries.removeField(cut, "ts")).isEqualTo("{\"deviceId\":\"d-1001\"");
        FeedRecord r = PARSER.parse(TOPICS.locations(), 3, 77, mutated.getBytes(StandardCharsets.UTF_8));
        assertThat(r.valid()).isFalse();
        assertThat(r.reject().reason()).isEqualTo(FeedParser.MALFORMED);
    }

    @AfterContainer
    static void printTheCasesTried() {
        OUTCOMES.forEach((topic, outcomes) -> System.out.printf("FeedParserFuzzTest: %s: %d records tried, %s%n", topic,
                outcomes.values().stream().mapToInt(AtomicInteger::get).sum(), new TreeMap<>(outcomes)));
        // The rows of RELIABILITY.md ({@code ./risk drill} collects the lines that start with RELIABILITY).
        new TreeMap<>(OUTCOMES).forEach((topic, outcomes) -> {
            int tried = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
            int valid = outcomes.containsKey("valid") ? outcomes.get("valid").get() : 0;
            System.out.println(String.join("\t", "RELIABILITY", "Bad input", "generated records (jqwik) for the job's parser: " + topic,
                    "mvn -B test -pl flink-jobs -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=FeedParserFuzzTest",
                    "tried=" + tried, "denied=" + (tried - valid) + " as dead letters with a reason, 0 exceptions; "
                            + valid + " valid records taken"));
        });
    }

    static void check(String topic, byte[] record) {
        FeedRecord r = PARSER.parse(topic, 3, 77, record);
        String outcome = r.valid() ? "valid" : r.reject().reason();
        OUTCOMES.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
        if (r.valid()) {
            assertThat(r.tsMillis()).isNotEqualTo(Long.MIN_VALUE);
            assertThat(r.subject()).isNotNull();
            return;
        }
        assertThat(r.reject().reason()).isIn(REASONS);
        assertThat(r.reject().detail()).isNotBlank().hasSizeLessThan(600);
        DeadLetter d = DeadLetter.of(r);
        assertThat(d.partition()).isEqualTo(3);
        assertThat(d.offset()).isEqualTo(77);
        assertThat(Json.deadLetter(d).length).isLessThan(3 * DeadLetter.MAX_RAW_BYTES);
    }

    @Provide
    Arbitrary<byte[]> locationRecords() {
        return FeedRecordArbitraries.locations();
    }

    @Provide
    Arbitrary<byte[]> callRecords() {
        return FeedRecordArbitraries.calls();
    }

    @Provide
    Arbitrary<byte[]> sensorRecords() {
        return FeedRecordArbitraries.sensors();
    }
}
