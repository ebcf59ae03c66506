package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.jobs.feed.FeedParser;
import cn.jinhua.risk.jobs.feed.FeedRecordArbitraries;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.RecordClock;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.replay.ScenarioFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile records through the real job (RiskJob's Kafka sources, parser, routers, both detection
 * jobs and sinks, MiniCluster at parallelism 2, a real broker): 1,200 records that break the feed
 * contract in every way the fuzzer knows, plus the record that once put the job into a restart
 * loop, interleaved with a Beishan and a Wuyi seed story. The job runs with restarts disabled, so
 * a single failure fails the test; every hostile record must sit in risk.dlq with a reason, and the
 * stories must raise exactly the alerts they raise without the hostile records.
 *
 * <p>The job runs its live clock pinned to the night after the stories (the seeds are dated in
 * December 2026), so records stamped far ahead are refused as {@code future} as they would be live.
 */
class HostileRecordsIT {
    static final long NIGHT_AFTER = OffsetDateTime.parse("2026-12-20T03:00:00+08:00").toInstant().toEpochMilli();
    static final RecordClock CLOCK = RecordClock.live(Duration.ofMinutes(10)).withWallClock(() -> NIGHT_AFTER);
    static final List<Path> STORIES = List.of(Path.of("..", "seeds", "scenarios", "beishan-father-son-trapped.jsonl"),
            Path.of("..", "seeds", "scenarios", "wuyi-plant-fire.jsonl"));
    static final int HOSTILE_PER_TOPIC = 400;

    record Run(List<JsonNode> alerts, List<JsonNode> deadLetters, long deadLettersCounted) {
    }

    record Sent(String topic, int partition, long offset) {
    }

    static Run clean;
    static Run hostile;
    static final List<Sent> hostileSent = new ArrayList<>();

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void runTheStoriesWithAndWithoutHostileRecords() throws Exception {
        List<ScenarioFile.Entry> story = new ArrayList<>();
        for (Path f : STORIES) {
            story.addAll(ScenarioFile.read(f));
        }
        clean = run("it-clean.", story, List.of());
        hostile = run("it-hostile.", story, hostileRecords());
    }

    /** Records the job must refuse: fuzzed records the parser rejects, and the classics. */
    static List<ScenarioFile.Entry> hostileRecords() {
        FeedParser parser = new FeedParser(FeedTopics.defaults(), CLOCK);
        List<ScenarioFile.Entry> out = new ArrayList<>();
        Map<String, net.jqwik.api.Arbitrary<byte[]>> byTopic = Map.of(
                "risk.locations", FeedRecordArbitraries.locations(), "risk.calls", FeedRecordArbitraries.calls(),
                "risk.sensors", FeedRecordArbitraries.sensors());
        byTopic.forEach((topic, records) -> records.sampleStream()
                .filter(r -> r.length < 900_000 && !parser.parse(topic, 0, 0, r).valid())
                .limit(HOSTILE_PER_TOPIC)
                .forEach(r -> out.add(new ScenarioFile.Entry("hostile", 0, topic, null, r, Long.MIN_VALUE))));
        for (String classic : List.of(
                "{\"deviceId\":\"poison-1\",\"ts\":\"+300000000-01-01T00:00:00Z\",\"lat\":29.2,\"lon\":119.6,\"accuracyM\":10}",
                "{\"deviceId\":\"far-ahead\",\"ts\":\"2027-01-17T18:37:59+08:00\",\"lat\":29.2,\"lon\":119.6}",
                "{\"deviceId\":\"huge\",\"ts\":\"2026-12-19T12:00:00+08:00\",\"lat\":29.2,\"lon\":119.6,\"note\":\"" + "x".repeat(850_000),
                "\uFEFF{\"deviceId\":\"bom\",\"ts\":\"2026-12-19T12:00:00+08:00\",\"lat\":29.2}",
                "{\"deviceId\":\"deep\",\"ts\":\"2026-12-19T12:00:00+08:00\",\"lat\":29.2,\"lon\":119.6,\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")) {
            out.add(new ScenarioFile.Entry("hostile", 0, "risk.locations", null, classic.getBytes(StandardCharsets.UTF_8), Long.MIN_VALUE));
        }
        out.add(new ScenarioFile.Entry("hostile", 0, "risk.sensors", null, new byte[] {(byte) 0xff, (byte) 0xfe, '{'}, Long.MIN_VALUE));
        return out;
    }

    static Run run(String prefix, List<ScenarioFile.Entry> story, List<ScenarioFile.Entry> hostileRecords) throws Exception {
        TestKafka.createTopics(2, prefix + "risk.locations", prefix + "risk.calls", prefix + "risk.sensors",
                prefix + "risk.alerts", prefix + "risk.dlq",
                prefix + "risk.positions", prefix + "risk.readings");
        Random random = new Random(12);
        List<ScenarioFile.Entry> all = new ArrayList<>(story);
        for (ScenarioFile.Entry h : hostileRecords) {
            all.add(random.nextInt(all.size() + 1), h);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (ScenarioFile.Entry e : all) {
                RecordMetadata m = producer.send(new ProducerRecord<>(prefix + e.topic(), e.key(), e.value())).get();
                if ("hostile".equals(e.file())) {
                    hostileSent.add(new Sent(m.topic(), m.partition(), m.offset()));
                }
            }
        }
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", TestKafka.bootstrap(), "--bounded",
                "--from-earliest", "--parallelism", "2", "--checkpoint-interval", "1",
                "--checkpoint-dir", checkpoints.resolve(prefix).toString(), "--group-id", prefix + "job",
                "--topic-locations", prefix + "risk.locations", "--topic-calls", prefix + "risk.calls",
                "--topic-sensors", prefix + "risk.sensors", "--topic-alerts", prefix + "risk.alerts",
                "--topic-dlq", prefix + "risk.dlq", "--topic-positions", prefix + "risk.positions",
                "--topic-readings", prefix + "risk.readings"}, Map.of()).withRecordClock(CLOCK);
        InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
        Configuration conf = metrics.addToConfiguration(RiskJob.configuration(o));
        // One failure fails the test: the job must never need a restart.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        RiskJob.build(env, o);
        JobExecutionResult result = env.execute(prefix + "job");
        long counted = metrics.findMetrics(result.getJobID(), "deadLetters").values().stream()
                .filter(m -> m instanceof Counter).mapToLong(m -> ((Counter) m).getCount()).sum();
        List<JsonNode> alerts = TestKafka.readAll(prefix + "risk.alerts").stream().map(r -> tree(r.value())).toList();
        List<JsonNode> dlq = TestKafka.readAll(prefix + "risk.dlq").stream().map(r -> tree(r.value())).toList();
        return new Run(alerts, dlq, counted);
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * An alert without what differs between the runs by design: the wall-clock time it was raised
     * at, and the runs' topic prefixes in its evidence.
     */
    static String content(JsonNode alert) {
        ObjectNode c = alert.deepCopy();
        c.remove("detectedAt");
        return c.toPrettyString().replace("\"it-clean.risk.", "\"risk.").replace("\"it-hostile.risk.", "\"risk.");
    }

    /** The row of RELIABILITY.md ({@code ./risk drill} collects the lines that start with RELIABILITY). */
    @AfterAll
    static void printTheFigures() {
        if (clean == null || hostile == null) {
            return;
        }
        Set<Sent> sent = new HashSet<>(hostileSent);
        long lettered = hostile.deadLetters().stream().filter(d -> sent.contains(new Sent(d.get("sourceTopic").asText(),
                d.get("partition").asInt(), d.get("offset").asLong())) && !d.get("reason").asText().isBlank()).count();
        Set<String> expected = clean.alerts().stream().map(a -> a.get("id").asText()).collect(Collectors.toSet());
        List<String> got = hostile.alerts().stream().map(a -> a.get("id").asText()).toList();
        System.out.println(String.join("\t", "RELIABILITY", "Bad input",
                "hostile records through the whole job, between the seed stories (HostileRecordsIT)",
                "mvn -B test -pl flink-jobs -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=HostileRecordsIT",
                "tried=" + hostileSent.size(),
                "denied=" + lettered + " dead letters with a reason",
                "lost=" + expected.stream().filter(id -> !got.contains(id)).count() + " of the stories' " + expected.size() + " alerts",
                "duplicated=" + (got.size() - new HashSet<>(got).size())));
    }

    @Test
    void theStoriesRaiseExactlyTheSameAlertsWithTheHostileRecordsAsWithout() {
        assertThat(clean.alerts()).extracting(a -> a.get("ruleId").asText(), a -> a.get("subjectId").asText())
                .contains(tuple("hiker.distress-call", "d-bs-father"), tuple("hiker.signal-lost", "d-bs-father"),
                        tuple("plating.pool-overflow-forecast", "wy-e03-pool"), tuple("plating.sluice-not-closed", "wy-sluice-down"))
                .hasSize(12);
        Map<String, String> expected = clean.alerts().stream().collect(Collectors.toMap(a -> a.get("id").asText(), HostileRecordsIT::content));
        Map<String, String> actual = hostile.alerts().stream().collect(Collectors.toMap(a -> a.get("id").asText(), HostileRecordsIT::content));
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, alert) -> assertThat(actual.get(id)).as(id).isEqualTo(alert));
    }

    @Test
    void everyHostileRecordIsInTheDeadLetterQueueWithAReason() {
        assertThat(hostileSent).hasSizeGreaterThanOrEqualTo(3 * HOSTILE_PER_TOPIC);
        Map<Sent, JsonNode> byPosition = hostile.deadLetters().stream().collect(Collectors.toMap(
                d -> new Sent(d.get("sourceTopic").asText(), d.get("partition").asInt(), d.get("offset").asLong()), d -> d,
                (a, b) -> {
                    throw new AssertionError("two dead letters for one record: " + a + " and " + b);
                }));
        Set<String> reasons = new HashSet<>();
        for (Sent s : hostileSent) {
            JsonNode d = byPosition.get(s);
            assertThat(d).as("dead letter of %s", s).isNotNull();
            assertThat(d.get("reason").asText()).isNotBlank().isNotEqualTo("late").isNotEqualTo("internal");
            assertThat(d.get("detail").asText()).isNotBlank();
            reasons.add(d.get("reason").asText());
        }
        assertThat(reasons).contains("malformed", "bad-type", "bad-timestamp", "future", "missing-field", "out-of-range");
        // The story's own bad records are there too, and nothing else.
        assertThat(hostile.deadLetters()).hasSize(hostileSent.size() + clean.deadLetters().size());
    }

    @Test
    void deadLettersAreCountedByReason() {
        assertThat(clean.deadLettersCounted()).isEqualTo(clean.deadLetters().size());
        assertThat(hostile.deadLettersCounted()).isEqualTo(hostile.deadLetters().size());
    }
}
