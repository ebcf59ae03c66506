package cn.jinhua.risk.jobs.lostperson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.RiskJobOptions;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.serde.Json;
import cn.jinhua.risk.replay.Replayer;
import cn.jinhua.risk.replay.ScenarioFile;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four Beishan seed scenarios replayed (the replay command's reader and pacer, topics renamed
 * with a prefix so other ITs on the shared broker cannot interfere) into a real Kafka broker, the
 * whole job (RiskJob) run over them on a MiniCluster at parallelism 2 with checkpoints, and the
 * alerts read back from risk.alerts with read_committed: exactly the alerts the stories call for.
 */
class BeishanScenariosIT {
    static final Path SCENARIOS = Path.of("..", "seeds", "scenarios");
    static final String P = "it-beishan.";
    static List<Alert> alerts;
    static List<JsonNode> deadLetters;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void replayAndRun() throws Exception {
        String bootstrap = TestKafka.bootstrap();
        // Own topic names: other ITs share the per-JVM broker and use the default risk.* topics.
        TestKafka.createTopics(2, P + "risk.locations", P + "risk.calls", P + "risk.sensors", P + "risk.alerts", P + "risk.dlq");
        List<List<ScenarioFile.Entry>> files = new java.util.ArrayList<>();
        try (var list = Files.list(SCENARIOS)) {
            for (Path f : list.filter(f -> f.getFileName().toString().matches("beishan-.*\\.jsonl")).sorted().toList()) {
                files.add(ScenarioFile.read(f).stream().map(e -> new ScenarioFile.Entry(e.file(), e.line(), P + e.topic(),
                        e.key(), e.value(), e.tsMillis())).toList());
            }
        }
        assertThat(files).hasSize(4);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Regression: after the Wuyi IT ran on the shared broker, an idempotent producer here met
        // OutOfOrderSequenceException on a fresh topic and stalled until its delivery timeout. One
        // request in flight keeps the order without producer sequence numbers.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            new Replayer(producer, 0, new PrintStream(new ByteArrayOutputStream()), Replayer.SYSTEM).replay(files);
        }
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", bootstrap, "--bounded", "--from-earliest",
                "--event-clock", "records",
                "--parallelism", "2", "--checkpoint-interval", "1", "--checkpoint-dir", checkpoints.toString(),
                "--group-id", "it-beishan", "--topic-locations", P + "risk.locations", "--topic-calls", P + "risk.calls",
                "--topic-sensors", P + "risk.sensors", "--topic-alerts", P + "risk.alerts", "--topic-dlq", P + "risk.dlq"},
                Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, RiskJob.configuration(o));
        RiskJob.build(env, o);
        env.execute("beishan-scenarios-it");

        alerts = TestKafka.readAll(P + "risk.alerts").stream().map(r -> {
            Alert a = Json.readAlert(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(a.incidentKey());
            return a;
        }).toList();
        deadLetters = TestKafka.readAll(P + "risk.dlq").stream().map(BeishanScenariosIT::json).toList();
    }

    static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Json.MAPPER.readTree(r.value());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String at(String hhmmss) {
        return "2026-12-19T" + hhmmss + "+08:00";
    }

    @Test
    void eachStoryRaisesExactlyTheAlertsItCallsFor() {
        assertThat(alerts).extracting(Alert::ruleId, Alert::subjectId, Alert::severity, Alert::incidentKey)
                .containsExactlyInAnyOrder(
                        // Father and son stuck below the Dapanjian cliffs from 15:52.
                        tuple("hiker.off-trail-stationary", "d-bs-father", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.off-trail-stationary", "d-bs-son", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-son"),
                        tuple("hiker.after-dark", "d-bs-father", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.after-dark", "d-bs-son", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-son"),
                        tuple("hiker.distress-call", "d-bs-father", cn.jinhua.risk.jobs.alert.Severity.CRITICAL, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.signal-lost", "d-bs-father", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        // Two friends lost in snow near the viewpoint.
                        tuple("hiker.after-dark", "d-bs-snow-1", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.after-dark", "d-bs-snow-2", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-snow-2"),
                        tuple("hiker.distress-call", "d-bs-snow-1", cn.jinhua.risk.jobs.alert.Severity.CRITICAL, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.signal-lost", "d-bs-snow-1", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.signal-lost", "d-bs-snow-2", cn.jinhua.risk.jobs.alert.Severity.HIGH, "LOST_PERSON:device:d-bs-snow-2"));
        // Day hikers, the north-valley walker and the relative calling from the city: nothing.
    }

    @Test
    void alertsCarryTheEventTimesTheRulesDefine() {
        Map<String, String> times = alerts.stream().collect(Collectors.toMap(a -> a.ruleId() + "/" + a.subjectId(), Alert::eventTime));
        assertThat(times).containsEntry("hiker.off-trail-stationary/d-bs-father", at("16:12:10"))
                .containsEntry("hiker.off-trail-stationary/d-bs-son", at("16:12:35"))
                .containsEntry("hiker.distress-call/d-bs-father", at("17:48:31"))
                .containsEntry("hiker.signal-lost/d-bs-father", at("19:09:00"))
                .containsEntry("hiker.distress-call/d-bs-snow-1", at("21:02:14"))
                .containsEntry("hiker.signal-lost/d-bs-snow-1", at("21:55:00"))
                .containsEntry("hiker.signal-lost/d-bs-snow-2", at("21:35:00"));
        for (String device : List.of("d-bs-father", "d-bs-son", "d-bs-snow-1", "d-bs-snow-2")) {
            // Sunset in Jinhua on 19 December is about 17:04; after-dark is half an hour later.
            assertThat(OffsetDateTime.parse(times.get("hiker.after-dark/" + device)))
                    .isBetween(OffsetDateTime.parse(at("17:30:00")), OffsetDateTime.parse(at("17:40:00")));
        }
    }

    @Test
    void nothingIsDuplicatedAndEveryAlertIsComplete() {
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.scenario()).isEqualTo("LOST_PERSON");
            assertThat(a.lastKnownPosition()).isNotNull();
            assertThat(a.nearestTrail()).isNotNull();
            assertThat(a.searchArea()).containsEntry("type", "FeatureCollection");
            assertThat(a.evidence()).isNotEmpty();
            assertThat(a.title()).isNotBlank();
            assertThat(a.titleZh()).isNotBlank();
            assertThat((List<?>) a.recommendation().get("teams")).hasSizeGreaterThanOrEqualTo(4);
        });
    }

    @Test
    void everyBadRecordSitsInTheDeadLetterQueueWithItsReason() {
        assertThat(deadLetters).extracting(d -> d.get("reason").asText(), d -> d.get("sourceTopic").asText().substring(P.length()))
                .filteredOn(t -> !"late".equals(t.toList().get(0)))
                .containsExactlyInAnyOrder(
                        tuple("malformed", "risk.locations"),
                        tuple("malformed", "risk.locations"),
                        tuple("out-of-range", "risk.locations"),
                        tuple("out-of-range", "risk.calls"),
                        tuple("bad-timestamp", "risk.locations"));
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.get("detail").asText()).isNotBlank();
            assertThat(d.get("raw").asText()).isNotBlank();
            assertThat(d.get("offset").asLong()).isGreaterThanOrEqualTo(0);
        });
    }
}
