package cn.jinhua.risk.jobs.wastewater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.jobs.ScenarioRuns;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.replay.ScenarioFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Wuyi seed scenario replayed into a real Kafka broker and run through the whole job
 * ({@link ScenarioRuns}: RiskJob's source, validation, router and exactly-once sinks, parallelism
 * 2, with checkpoints): exactly the alerts the story calls for, each valid against the alert
 * contract, and the bad records in the dead-letter queue with their reasons.
 */
class WuyiScenarioReplayIT {
    @TempDir
    Path checkpoints;

    /** What the test asserts of every alert. */
    record Seen(String eventTime, String ruleId, String subjectId, String severity, int tier, String level,
                String incidentKey) {
        static Seen of(Alert a) {
            return new Seen(a.eventTime(), a.ruleId(), a.subjectId(), a.severity().name(), a.tier(), a.responseLevel(),
                    a.incidentKey());
        }
    }

    private static final String PLANT = "WASTEWATER:plant:wy-e03";
    private static final String CREEK = "WASTEWATER:creek:wy-creek-space";

    @Test
    void plantFireYieldsTheEscalatingIncidentAndTheLateSluice() throws Exception {
        ScenarioRuns.Outcome run = replay("wuyi-plant-fire.jsonl", "it-wuyi-fire.");
        List<Alert> alerts = run.alerts();

        assertThat(alerts).extracting(Seen::of).containsExactly(
                new Seen("2026-12-18T15:19:00+08:00", "plating.pool-overflow-forecast", "wy-e03-pool", "HIGH", 1,
                        "ENTERPRISE", PLANT),
                new Seen("2026-12-18T15:26:00+08:00", "plating.pool-high", "wy-e03-pool", "MEDIUM", 1, "ENTERPRISE", PLANT),
                new Seen("2026-12-18T15:31:00+08:00", "plating.enclosure-water", "wy-e03", "HIGH", 2, "PARK", PLANT),
                new Seen("2026-12-18T16:01:00+08:00", "plating.enclosure-water", "wy-e03", "CRITICAL", 3, "TOWNSHIP", PLANT),
                new Seen("2026-12-18T16:10:00+08:00", "plating.creek-contamination", "wy-wq-down", "CRITICAL", 3,
                        "COUNTY", CREEK),
                // Ordered closed at 16:01 by the enclosure alert; the upstream sluice closed by 16:08.
                new Seen("2026-12-18T16:11:00+08:00", "plating.sluice-not-closed", "wy-sluice-down", "CRITICAL", 3,
                        "COUNTY", CREEK));
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        Alert forecast = alerts.get(0);
        assertThat(forecast.predictedOverflowAt()).isEqualTo("2026-12-18T15:48:00+08:00");
        assertThat(forecast.recommendation().get("transferPlan").toString())
                .contains("wy-pipe-02-03", "wy-pipe-03-04", "wy-pipe-03-08", "sufficient=true");
        assertThat(alerts.get(5).recommendation().get("orderedBy").toString()).contains(alerts.get(3).id());
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.titleZh()).isNotBlank();
            assertThat(a.evidence()).isNotEmpty();
            assertThat(a.zoneIds()).isNotEmpty();
            assertThat((List<?>) a.recommendation().get("teams")).isNotEmpty();
        });
        // The story's three bad records, and nothing else (no reading was late).
        assertThat(run.deadLetters()).extracting(d -> d.get("reason").asText(), d -> d.get("sourceTopic").asText())
                .containsExactlyInAnyOrder(
                        tuple("unknown-sensor", "it-wuyi-fire.risk.sensors"),
                        tuple("unit-mismatch", "it-wuyi-fire.risk.sensors"),
                        tuple("malformed", "it-wuyi-fire.risk.sensors"));
        assertThat(run.deadLetters()).allSatisfy(d -> assertThat(d.get("detail").asText()).isNotBlank());
    }

    @Test
    void aRainyDayRaisesNothing() throws Exception {
        ScenarioRuns.Outcome run = replay("wuyi-rainy-day.jsonl", "it-wuyi-rain.");
        assertThat(run.alerts()).isEmpty();
        assertThat(run.deadLetters()).isEmpty();
        // The screens still get every calm pool's level: one a minute as sent, above the 30 s downsampling.
        Map<String, Long> sent = new TreeMap<>();
        for (ScenarioFile.Entry e : ScenarioFile.read(ScenarioRuns.SCENARIOS.resolve("wuyi-rainy-day.jsonl"))) {
            JsonNode v = Json.MAPPER.readTree(e.value());
            if (v.path("sensorId").asText().endsWith("-pool-level")) {
                sent.merge(v.get("sensorId").asText(), 1L, Long::sum);
            }
        }
        Map<String, Long> published = new TreeMap<>();
        for (var r : TestKafka.readAll("it-wuyi-rain.risk.readings")) {
            JsonNode v = Json.MAPPER.readTree(r.value());
            assertThat(v.fieldNames()).toIterable().containsExactly("sensorId", "ts", "value", "unit");
            if (v.get("sensorId").asText().endsWith("-pool-level")) {
                published.merge(v.get("sensorId").asText(), 1L, Long::sum);
            }
        }
        assertThat(sent).hasSize(10);
        assertThat(published).isEqualTo(sent);
    }

    private ScenarioRuns.Outcome replay(String file, String prefix) throws Exception {
        ScenarioRuns.Outcome run = ScenarioRuns.run(prefix, checkpoints, List.of(file));
        List<Alert> sorted = run.alerts().stream()
                .sorted(Comparator.comparing(Alert::eventTime).thenComparing(Alert::ruleId).thenComparing(Alert::subjectId))
                .toList();
        // Kept for people reading the scenario's outcome, not read by the test.
        Path dump = Path.of("target", "wuyi-alerts", file.replace(".jsonl", ".json"));
        Files.createDirectories(dump.getParent());
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dump.toFile(), sorted);
        return new ScenarioRuns.Outcome(sorted, run.deadLetters());
    }
}
