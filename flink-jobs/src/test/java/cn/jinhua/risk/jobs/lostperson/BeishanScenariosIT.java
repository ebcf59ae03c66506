package cn.jinhua.risk.jobs.lostperson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.jobs.ScenarioRuns;
import cn.jinhua.risk.jobs.SeedStories;
import cn.jinhua.risk.jobs.alert.Alert;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void eachStoryRaisesExactlyTheAlertsItCallsForAtTheTimesTheRulesDefine() {
        SeedStories.assertBeishan(alerts);
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
