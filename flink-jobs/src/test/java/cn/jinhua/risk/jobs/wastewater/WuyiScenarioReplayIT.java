package cn.jinhua.risk.jobs.wastewater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.jobs.ScenarioRuns;
import cn.jinhua.risk.jobs.SeedStories;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.replay.ScenarioFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void plantFireYieldsTheEscalatingIncidentAndTheLateSluice() throws Exception {
        ScenarioRuns.Outcome run = replay("wuyi-plant-fire.jsonl", "it-wuyi-fire.");
        SeedStories.assertPlantFire(run.alerts());
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
        List<Alert> sorted = SeedStories.sorted(run.alerts());
        // Kept for people reading the scenario's outcome, not read by the test.
        Path dump = Path.of("target", "wuyi-alerts", file.replace(".jsonl", ".json"));
        Files.createDirectories(dump.getParent());
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dump.toFile(), sorted);
        return new ScenarioRuns.Outcome(sorted, run.deadLetters());
    }
}
