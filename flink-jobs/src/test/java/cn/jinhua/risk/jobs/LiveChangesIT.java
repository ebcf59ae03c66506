package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.control.ControlCommand;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.world.WorldFeatures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * During a replay, pool-high is changed to 75 % live with {@code ./risk control}'s command: the
 * verdicts come back on risk.control.results, a refused change (out of bounds, EPL that does not
 * compile) names its reason and leaves the rule as it was, and the next crossing of 75 % raises
 * pool-high with the new rule version, with nothing restarted.
 */
class LiveChangesIT {
    static final String P = "it-changes.";
    static final String E03 = "wy-e03-pool-level";
    /** 2026-12-29 16:00 Asia/Shanghai. */
    static final long T0 = Instant.parse("2026-12-29T08:00:00Z").toEpochMilli();
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path checkpoints;

    @Test
    void poolHighChangedTo75PercentDuringAReplayRaisesTheNextCrossingWithTheNewVersion() throws Exception {
        JobClient job = start(P);
        try {
            // Below 75 % (3.0 m of the 4.0 m pool) before the change: readings the operator still
            // holds when the change arrives (event time not yet past them) are decided after it.
            level(0, 2.9);
            level(1, 2.95);
            level(2, 2.9);

            String changes = String.join("\n",
                    change("c-75", "\"kind\": \"rule-parameters\", \"ruleId\": \"plating.pool-high\", \"parameters\": {\"highPct\": 75}"),
                    change("c-120", "\"kind\": \"rule-parameters\", \"ruleId\": \"plating.pool-high\", \"parameters\": {\"highPct\": 120}"),
                    change("c-epl", "\"kind\": \"rule-epl\", \"ruleId\": \"plating.sluice-not-closed\", "
                            + "\"epl\": \"@name('plating.sluice-not-closed') select * from pattern [every o=SluiceCloseOrder -> ]\""));
            Sent sent = control(P, changes);
            String printed = sent.out();
            assertThat(sent.exit()).as(sent.err()).isEqualTo(2);
            assertThat(printed).contains("c-75 accepted: rule plating.pool-high is now version 2 (world version 1)")
                    .contains("c-120 refused: highPct must be within 1..100 %, got 120 (rule plating.pool-high stays at version 2)")
                    .contains("c-epl refused: the EPL of plating.sluice-not-closed does not compile: ");
            assertThat(sent.err()).contains("refused changes left the old versions working");

            // 3.1 m is 77.5 %: below the pool's own highPct of 80, above the new 75.
            level(3, 3.1);
            // Event time moves past the crossing only with later readings (the 2-minute bound).
            level(4, 2.9);
            level(5, 2.9);
            level(6, 2.9);
            JsonNode alert = awaitPoolHigh();
            assertThat(alert.get("ruleVersion").asInt()).isEqualTo(2);
            assertThat(alert.get("eventTime").asText()).isEqualTo(IsoTimes.format(T0 + 3 * 60_000));
            assertThat(alert.get("severity").asText()).isEqualTo("MEDIUM");
            assertThat(alert.get("worldVersion").asInt()).isEqualTo(1);
            assertThat(alert.get("shadow").asBoolean()).isFalse();
        } finally {
            job.cancel().get();
        }
    }

    /**
     * A plant with its pool, sensors, team and a pipe to the park, put in as one batch while the job
     * runs: its pool's level sensor, refused before, is read from then on and its first crossing is
     * raised with the new world version.
     */
    @Test
    void aPlantThatJoinsTheParkLiveIsWatchedFromItsFirstReadingWithNoRestart() throws Exception {
        String p = "it-plant.";
        JobClient job = start(p);
        try {
            sensor(p, "wy-e11-pool-level", 0, 3.5);
            sensor(p, E03, 0, 2.0);
            // The change goes in once the job has read that reading: its sources start reading at
            // their own pace, and a change read first would make the reading one of the new world.
            long until = System.nanoTime() + 120_000_000_000L;
            while (TestKafka.readAll(p + "risk.dlq").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(200);
            }

            Sent sent = control(p, WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()));
            assertThat(sent.exit()).as(sent.err()).isZero();
            assertThat(sent.out()).contains("p-11 accepted: features wy-e11, wy-e11-pool,"
                    + " wy-e11-pool-level, wy-e11-gate-depth, tm-wy-e11, wy-pipe-05-wy-e11 (world version 2)");

            // 3.5 m of the new 4.0 m pool is 87.5 %: above its 80 %.
            sensor(p, "wy-e11-pool-level", 1, 3.5);
            // A reading that arrives before the rules have any event time (the job just started) waits
            // for it: later readings move it past the crossing.
            for (int minute = 2; minute <= 5; minute++) {
                sensor(p, E03, minute, 2.0);
            }
            JsonNode alert = awaitRule(p, "plating.pool-high");
            assertThat(alert.get("subjectId").asText()).isEqualTo("wy-e11-pool");
            assertThat(alert.get("eventTime").asText()).isEqualTo(IsoTimes.format(T0 + 60_000));
            assertThat(alert.get("worldVersion").asInt()).isEqualTo(2);

            List<JsonNode> refused = TestKafka.readAll(p + "risk.dlq").stream().map(r -> {
                try {
                    return MAPPER.readTree(r.value());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(refused).extracting(d -> d.get("reason").asText(), d -> d.get("detail").asText()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("unknown-sensor",
                            "sensor 'wy-e11-pool-level' does not exist in the world (version 1)"));
        } finally {
            job.cancel().get();
        }
    }

    /**
     * A plant put in on its own, whose pool is high, then piped to the park: its pool keeps its key,
     * so its open pool-high stays open (no second alert for the same high level), and the park's
     * pools are planned with its level from then on.
     */
    @Test
    void aPoolPipedToTheParkLaterKeepsItsOpenAlertAndHistory() throws Exception {
        String p = "it-join.";
        JobClient job = start(p);
        try {
            List<String> plant = WorldFeatures.newPlant("wy-e11", true);
            Sent sent = control(p, WorldFeatures.batch("p-11", plant.subList(0, plant.size() - 1), List.of()));
            assertThat(sent.exit()).as(sent.out() + sent.err()).isZero();
            for (int minute = 0; minute <= 4; minute++) {
                sensor(p, "wy-e11-pool-level", minute, 3.5);
                sensor(p, E03, minute, 2.0);
            }
            JsonNode high = awaitRule(p, "plating.pool-high");
            assertThat(high.get("subjectId").asText()).isEqualTo("wy-e11-pool");

            sent = control(p, WorldFeatures.batch("p-11-pipe", plant.subList(plant.size() - 1, plant.size()), List.of()));
            assertThat(sent.exit()).as(sent.out() + sent.err()).isZero();
            for (int minute = 5; minute <= 14; minute++) {
                sensor(p, "wy-e11-pool-level", minute, 3.5);
                // wy-e03 high at the end: its alert says the readings before it were decided.
                sensor(p, E03, minute, minute == 14 ? 3.5 : 2.0);
            }
            for (int minute = 15; minute <= 20; minute++) {
                sensor(p, E03, minute, 3.5);
            }
            List<JsonNode> highs = awaitAlerts(p, "plating.pool-high", 2);
            assertThat(highs).extracting(a -> a.get("subjectId").asText())
                    .as("the new pool's high level is one alert, before and after the pipe")
                    .containsExactlyInAnyOrder("wy-e11-pool", "wy-e03-pool");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * The sluice watch follows its rule and the creek live: its closing window shortened to 5
     * minutes and a third sluice put in on the creek with its position sensor, a gate over its ramp
     * orders all three sluices closed, and none closes: each is raised 5 minutes after the order,
     * with the new rule and world versions.
     */
    @Test
    void aShorterClosingWindowAndASluicePutInLiveAreWatchedWithNoRestart() throws Exception {
        String p = "it-sluice.";
        JobClient job = start(p);
        try {
            Sent sent = control(p, change("c-window", "\"kind\": \"rule-parameters\", "
                    + "\"ruleId\": \"plating.sluice-not-closed\", \"parameters\": {\"closeWindowMinutes\": 5}")
                    + "\n" + WorldFeatures.batch("c-sluice", WorldFeatures.newSluice(), List.of()));
            assertThat(sent.exit()).as(sent.out() + sent.err()).isZero();
            for (int minute = 0; minute <= 14; minute++) {
                for (String sluice : List.of("wy-sluice-up", "wy-sluice-down", "wy-sluice-mid")) {
                    sensor(p, sluice + "-pos", minute, 100);
                }
                // e03's ramp is 15 cm: 18 cm goes over it at minute 1 (CRITICAL: the reach's sluices ordered closed).
                sensor(p, "wy-e03-gate-depth", minute, minute == 0 ? 2 : 18);
            }
            List<JsonNode> late = awaitAlerts(p, "plating.sluice-not-closed", 3);
            String deadline = IsoTimes.format(T0 + 6 * 60_000L);
            assertThat(late).extracting(a -> a.get("subjectId").asText(), a -> a.get("eventTime").asText(),
                            a -> a.get("ruleVersion").asInt(), a -> a.get("worldVersion").asInt())
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("wy-sluice-up", deadline, 2, 2),
                            org.assertj.core.groups.Tuple.tuple("wy-sluice-down", deadline, 2, 2),
                            org.assertj.core.groups.Tuple.tuple("wy-sluice-mid", deadline, 2, 2));
        } finally {
            job.cancel().get();
        }
    }

    /**
     * A live change must not stop event time: long after it (further than the decision lead of 5
     * minutes), a crossing is still raised, whether the change came before the first reading or
     * after a few.
     */
    @ParameterizedTest(name = "change after {0} readings")
    @ValueSource(ints = {0, 3})
    void eventTimeKeepsMovingAfterALiveChange(int readingsBefore) throws Exception {
        String p = "it-moving-" + readingsBefore + ".";
        JobClient job = start(p);
        try {
            for (int minute = 0; minute < readingsBefore; minute++) {
                sensor(p, E03, minute, 2.0);
            }
            turnOffPoolNotReady(p);
            for (int minute = readingsBefore; minute <= 20; minute++) {
                sensor(p, E03, minute, minute == 15 ? 3.5 : 2.0);
            }
            JsonNode alert = awaitRule(p, "plating.pool-high");
            assertThat(alert.get("eventTime").asText()).isEqualTo(IsoTimes.format(T0 + 15 * 60_000L));
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Right after a start, the job has no event time until every partition has sent a record or
     * gone idle. A single reading over the pool's threshold, with nothing after it, is decided then:
     * it does not wait for the park to report again.
     */
    @Test
    void aLoneReadingRightAfterTheStartIsRaisedWithoutWaitingForAnother() throws Exception {
        String p = "it-alone.";
        JobClient job = start(p);
        try {
            sensor(p, E03, 5, 3.5);
            JsonNode alert = awaitRule(p, "plating.pool-high");
            assertThat(alert.get("eventTime").asText()).isEqualTo(IsoTimes.format(T0 + 5 * 60_000L));
        } finally {
            job.cancel().get();
        }
    }

    /** What ./risk control printed and its exit status. */
    record Sent(int exit, String out, String err) {
    }

    /** Sends changes (JSON lines) to the job on topics named with {@code p} as ./risk control does. */
    static Sent control(String p, String changes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ControlCommand.run(new String[] {"--bootstrap", TestKafka.bootstrap(), "--topic-control", p + "risk.control",
                        "--topic-control-results", p + "risk.control.results", "--timeout", "120"}, null,
                new ByteArrayInputStream(changes.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Sent(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A live change that touches no rule the tests read, accepted. */
    static void turnOffPoolNotReady(String p) {
        Sent sent = control(p, change("c-enabled", "\"kind\": \"rule-enabled\", \"ruleId\": \"plating.pool-not-ready\","
                + " \"enabled\": false"));
        assertThat(sent.exit()).as(sent.out() + sent.err()).isZero();
    }

    static void sensor(String p, String sensorId, int minute, double value) throws Exception {
        send(p + "risk.sensors", sensorId, "{\"sensorId\":\"" + sensorId + "\",\"ts\":\""
                + IsoTimes.format(T0 + minute * 60_000L) + "\",\"value\":" + value + "}");
    }

    static String change(String id, String fields) {
        return "{\"changeId\": \"" + id + "\", \"by\": \"officer-wu\", \"at\": \"2026-12-29T16:05:00+08:00\", " + fields + "}";
    }

    static void level(int minute, double metres) throws Exception {
        send(P + "risk.sensors", E03, "{\"sensorId\":\"" + E03 + "\",\"ts\":\"" + IsoTimes.format(T0 + minute * 60_000L)
                + "\",\"value\":" + metres + ",\"unit\":\"M\"}");
    }

    static JsonNode awaitPoolHigh() throws Exception {
        return awaitRule(P, "plating.pool-high");
    }

    /** The whole job on topics named with {@code p}, records clock, idle after 2 s without records. */
    JobClient start(String p) throws Exception {
        TestKafka.createTopics(2, p + "risk.locations", p + "risk.calls", p + "risk.sensors", p + "risk.alerts",
                p + "risk.dlq", p + "risk.positions", p + "risk.readings", p + "risk.control", p + "risk.control.results");
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", TestKafka.bootstrap(), "--event-clock", "records",
                "--parallelism", "2", "--checkpoint-interval", "1", "--checkpoint-dir", checkpoints.resolve(p).toString(),
                "--group-id", p + "job", "--idleness", "2", "--from-earliest",
                "--topic-locations", p + "risk.locations", "--topic-calls", p + "risk.calls",
                "--topic-sensors", p + "risk.sensors", "--topic-alerts", p + "risk.alerts", "--topic-dlq", p + "risk.dlq",
                "--topic-positions", p + "risk.positions", "--topic-readings", p + "risk.readings",
                "--topic-control", p + "risk.control", "--topic-control-results", p + "risk.control.results"}, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, RiskJob.configuration(o));
        RiskJob.build(env, o);
        JobClient job = env.executeAsync("live-changes-it-" + p);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(200);
        }
        return job;
    }

    /**
     * The live rules are the rule operators' second input. While the feed is idle they must not
     * move the operators' event time: a phone still off trail keeps reporting after a quiet spell
     * longer than the idleness timeout, and is raised as stationary after 20 minutes of its own
     * fixes, never as silent.
     */
    @Test
    void aFeedGoneIdleLeavesTheRulesEventTimeWhereItsRecordsPutIt() throws Exception {
        String p = "it-idle.";
        JobClient job = start(p);
        try {
            long t0 = Instant.parse("2026-12-29T02:00:00Z").toEpochMilli(); // 10:00 in Jinhua, daylight
            fix(p, t0);
            Thread.sleep(8_000); // the feed is idle after 2 s
            for (int minute = 1; minute <= 24; minute++) {
                fix(p, t0 + minute * 60_000L);
            }
            JsonNode still = awaitRule(p, "hiker.off-trail-stationary");
            assertThat(still.get("subjectId").asText()).isEqualTo("d-idle");
            assertThat(alerts(p)).extracting(a -> a.get("ruleId").asText()).doesNotContain("hiker.signal-lost");
        } finally {
            job.cancel().get();
        }
    }

    static void fix(String p, long ts) throws Exception {
        send(p + "risk.locations", "d-idle", "{\"deviceId\":\"d-idle\",\"ts\":\"" + IsoTimes.format(ts)
                + "\",\"lat\":29.185,\"lon\":119.640,\"accuracyM\":10,\"source\":\"GPS\"}");
    }

    static void send(String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestKafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    static List<JsonNode> alerts(String p) {
        return TestKafka.readAll(p + "risk.alerts").stream().map(r -> {
            try {
                return MAPPER.readTree(r.value());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static JsonNode awaitRule(String p, String ruleId) throws Exception {
        return awaitAlerts(p, ruleId, 1).get(0);
    }

    /** The rule's alerts once there are {@code count}, checked a moment later to be no more. */
    static List<JsonNode> awaitAlerts(String p, String ruleId, int count) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (alerts(p).stream().filter(a -> a.get("ruleId").asText().equals(ruleId)).count() >= count) {
                Thread.sleep(1_000);
                List<JsonNode> raised = alerts(p).stream().filter(a -> a.get("ruleId").asText().equals(ruleId)).toList();
                assertThat(raised).as("raised once each").hasSize(count);
                return raised;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("fewer than " + count + " " + ruleId + " alerts within 2 minutes");
    }
}
