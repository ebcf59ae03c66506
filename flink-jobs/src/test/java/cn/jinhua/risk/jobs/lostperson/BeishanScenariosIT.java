package cn.jinhua.risk.jobs.lostperson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.RiskJobOptions;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.serde.Json;
import cn.jinhua.risk.replay.ReplayCommand;
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
 * The four Beishan seed scenarios replayed with the replay command into a real Kafka broker, the
 * whole job (RiskJob) run over them on a MiniCluster at parallelism 2 with checkpoints, and the
 * alerts read back from risk.alerts with read_committed: exactly the alerts the stories call for.
 */
class BeishanScenariosIT {
    static final Path SCENARIOS = Path.of("..", "seeds", "scenarios");
    static List<Alert> alerts;
    static List<JsonNode> deadLetters;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void replayAndRun() throws Exception {
        String bootstrap = TestKafka.bootstrap();
        TestKafka.createTopics(2, "risk.locations", "risk.calls", "risk.sensors", "risk.alerts", "risk.dlq");
        try (var files = Files.list(SCENARIOS)) {
            String[] args = java.util.stream.Stream.concat(
                    files.filter(f -> f.getFileName().toString().matches("beishan-.*\\.jsonl")).sorted().map(Path::toString),
                    java.util.stream.Stream.of("--bootstrap", bootstrap, "--speed", "max")).toArray(String[]::new);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = ReplayCommand.run(args, null, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(err.toString()).isZero();
        }
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", bootstrap, "--bounded", "--from-earliest",
                "--parallelism", "2", "--checkpoint-interval", "1", "--checkpoint-dir", checkpoints.toString(),
                "--group-id", "it-beishan"}, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, RiskJob.configuration(o));
        RiskJob.build(env, o);
        env.execute("beishan-scenarios-it");

        alerts = TestKafka.readAll("risk.alerts").stream().map(r -> {
            Alert a = Json.readAlert(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(a.incidentKey());
            return a;
        }).toList();
        deadLetters = TestKafka.readAll("risk.dlq").stream().map(BeishanScenariosIT::json).toList();
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
        assertThat(deadLetters).extracting(d -> d.get("reason").asText(), d -> d.get("sourceTopic").asText())
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
