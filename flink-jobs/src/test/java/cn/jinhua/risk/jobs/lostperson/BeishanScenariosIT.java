package cn.jinhua.risk.jobs.lostperson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.ScenarioRuns;
import cn.jinhua.risk.jobs.alert.Alert;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four Beishan seed scenarios replayed into a real Kafka broker and run through the whole job
 * ({@link ScenarioRuns}: RiskJob's source, router and exactly-once sinks, parallelism 2, with
 * checkpoints), the alerts read back from risk.alerts with read_committed: exactly the alerts the
 * stories call for, each valid against the alert contract.
 */
class BeishanScenariosIT {
    static final String P = "it-beishan.";
    static List<Alert> alerts;
    static List<JsonNode> deadLetters;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void replayAndRun() throws Exception {
        List<String> files;
        try (var list = Files.list(ScenarioRuns.SCENARIOS)) {
            files = list.map(f -> f.getFileName().toString()).filter(f -> f.matches("beishan-.*\\.jsonl")).sorted().toList();
        }
        assertThat(files).hasSize(4);
        ScenarioRuns.Outcome out = ScenarioRuns.run(P, checkpoints, files);
        alerts = out.alerts();
        deadLetters = out.deadLetters();
    }

    static String at(String hhmmss) {
        return "2026-12-19T" + hhmmss + "+08:00";
    }

    @Test
    void eachStoryRaisesExactlyTheAlertsItCallsFor() {
        assertThat(alerts).extracting(Alert::ruleId, Alert::subjectId, Alert::severity, Alert::incidentKey)
                .containsExactlyInAnyOrder(
                        // Father and son stuck below the Dapanjian cliffs from 15:52.
                        tuple("hiker.off-trail-stationary", "d-bs-father", Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.off-trail-stationary", "d-bs-son", Severity.HIGH, "LOST_PERSON:device:d-bs-son"),
                        tuple("hiker.after-dark", "d-bs-father", Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.after-dark", "d-bs-son", Severity.HIGH, "LOST_PERSON:device:d-bs-son"),
                        tuple("hiker.distress-call", "d-bs-father", Severity.CRITICAL, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.signal-lost", "d-bs-father", Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        // Two friends lost in snow near the viewpoint.
                        tuple("hiker.after-dark", "d-bs-snow-1", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.after-dark", "d-bs-snow-2", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-2"),
                        tuple("hiker.distress-call", "d-bs-snow-1", Severity.CRITICAL, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.signal-lost", "d-bs-snow-1", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.signal-lost", "d-bs-snow-2", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-2"));
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
