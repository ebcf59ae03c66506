package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.control.ControlCommand;
import cn.jinhua.risk.jobs.io.TestKafka;
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
        TestKafka.createTopics(2, P + "risk.locations", P + "risk.calls", P + "risk.sensors", P + "risk.alerts",
                P + "risk.dlq", P + "risk.positions", P + "risk.readings", P + "risk.control", P + "risk.control.results");
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", TestKafka.bootstrap(), "--event-clock", "records",
                "--parallelism", "2", "--checkpoint-interval", "1", "--checkpoint-dir", checkpoints.toString(),
                "--group-id", P + "job", "--idleness", "2", "--from-earliest",
                "--topic-locations", P + "risk.locations", "--topic-calls", P + "risk.calls",
                "--topic-sensors", P + "risk.sensors", "--topic-alerts", P + "risk.alerts", "--topic-dlq", P + "risk.dlq",
                "--topic-positions", P + "risk.positions", "--topic-readings", P + "risk.readings",
                "--topic-control", P + "risk.control", "--topic-control-results", P + "risk.control.results"}, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, RiskJob.configuration(o));
        RiskJob.build(env, o);
        JobClient job = env.executeAsync("live-changes-it");
        try {
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                Thread.sleep(200);
            }
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = ControlCommand.run(new String[] {"--bootstrap", TestKafka.bootstrap(), "--topic-control", P + "risk.control",
                            "--topic-control-results", P + "risk.control.results", "--timeout", "120"}, null,
                    new ByteArrayInputStream(changes.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(2);
            assertThat(printed).contains("c-75 accepted: rule plating.pool-high is now version 2 (world version 1)")
                    .contains("c-120 refused: highPct must be within 1..100 %, got 120 (rule plating.pool-high stays at version 2)")
                    .contains("c-epl refused: the EPL of plating.sluice-not-closed does not compile: ");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused changes left the old versions working");

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

    static String change(String id, String fields) {
        return "{\"changeId\": \"" + id + "\", \"by\": \"officer-wu\", \"at\": \"2026-12-29T16:05:00+08:00\", " + fields + "}";
    }

    static void level(int minute, double metres) throws Exception {
        long ts = T0 + minute * 60_000L;
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(P + "risk.sensors", E03.getBytes(StandardCharsets.UTF_8),
                    ("{\"sensorId\":\"" + E03 + "\",\"ts\":\"" + IsoTimes.format(ts) + "\",\"value\":" + metres
                            + ",\"unit\":\"M\"}").getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    static JsonNode awaitPoolHigh() throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<JsonNode> alerts = TestKafka.readAll(P + "risk.alerts").stream().map(r -> {
                try {
                    return MAPPER.readTree(r.value());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).filter(a -> a.get("ruleId").asText().equals("plating.pool-high")).toList();
            if (!alerts.isEmpty()) {
                assertThat(alerts).as("only the crossing after the change").hasSize(1);
                return alerts.get(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no pool-high alert within 2 minutes");
    }
}
