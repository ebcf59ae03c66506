package cn.jinhua.risk.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./risk backtest} over the plant-fire seed, on MiniClusters in the test's JVM: pool-high at
 * 75 % (the rainy season's threshold) moves the first crossing of pool E03 from 80 % at 15:26 to 75 %
 * at 15:19, and changes nothing else; the same change from a changed catalogue prints the same
 * table; a refused change ends with exit 2 and its reason, and nothing compared.
 */
class BacktestIT {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String RAINY = "{\"changeId\":\"rainy-1\",\"kind\":\"rule-parameters\",\"ruleId\":\"plating.pool-high\","
            + "\"parameters\":{\"highPct\":75},\"by\":\"officer-wu\",\"at\":\"2026-12-18T15:59:00+08:00\"}";

    @TempDir
    Path dir;

    @Test
    void poolHighAt75PercentRaisesE03SevenMinutesEarlierAndNothingElse() throws Exception {
        Path changes = Files.writeString(dir.resolve("rainy.jsonl"), RAINY + "\n");
        BacktestCommandTest.Run r = BacktestCommandTest.run("--json", "--changes", changes.toString(),
                BacktestCommandTest.PLANT_FIRE);
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        JsonNode out = MAPPER.readTree(r.out());

        assertThat(fieldNames(out)).containsExactly("feeds", "records", "changes", "current", "changed", "unchanged",
                "added", "removed", "severityChanged");
        assertThat(out.get("feeds").get(0).asText()).isEqualTo(BacktestCommandTest.PLANT_FIRE);
        assertThat(out.get("records").asInt()).isEqualTo(4349);
        JsonNode verdict = out.get("changes").get(0);
        assertThat(verdict.get("changeId").asText()).isEqualTo("rainy-1");
        assertThat(verdict.get("accepted").asBoolean()).isTrue();
        assertThat(verdict.get("ruleVersion").asInt()).isEqualTo(2);
        // The seed's three bad records (seeds/README.md) go to the dead letters in both passes.
        assertThat(out.get("current").toString()).isEqualTo("{\"alerts\":6,\"deadLetters\":3}");
        assertThat(out.get("changed").toString()).isEqualTo("{\"alerts\":6,\"deadLetters\":3}");
        assertThat(out.get("unchanged").asInt()).isEqualTo(5);
        assertThat(out.get("severityChanged")).isEmpty();

        assertThat(out.get("added")).hasSize(1);
        JsonNode added = out.get("added").get(0);
        assertThat(fieldNames(added)).containsExactly("ruleId", "ruleVersion", "worldVersion", "severity", "subjectId",
                "incidentKey", "eventTime", "title", "titleZh", "id");
        assertThat(List.of(added.get("ruleId").asText(), added.get("ruleVersion").asInt(), added.get("severity").asText(),
                added.get("subjectId").asText(), added.get("incidentKey").asText(), added.get("eventTime").asText()))
                .containsExactly("plating.pool-high", 2, "MEDIUM", "wy-e03-pool", "WASTEWATER:plant:wy-e03",
                        "2026-12-18T15:19:00+08:00");
        assertThat(out.get("removed")).hasSize(1);
        JsonNode removed = out.get("removed").get(0);
        assertThat(List.of(removed.get("ruleId").asText(), removed.get("ruleVersion").asInt(), removed.get("severity").asText(),
                removed.get("subjectId").asText(), removed.get("incidentKey").asText(), removed.get("eventTime").asText()))
                .containsExactly("plating.pool-high", 1, "MEDIUM", "wy-e03-pool", "WASTEWATER:plant:wy-e03",
                        "2026-12-18T15:26:00+08:00");
        assertThat(added.get("id").asText()).isNotEqualTo(removed.get("id").asText());
    }

    @Test
    void theSameThresholdInAChangedCataloguePrintsTheSameTable() throws Exception {
        ObjectNode catalogue = CatalogueChangesTest.packagedFile();
        for (JsonNode p : CatalogueChangesTest.rule(catalogue, "plating.pool-high").get("parameters")) {
            if (p.get("name").asText().equals("highPct")) {
                ((ObjectNode) p).put("default", 75);
            }
        }
        Path file = dir.resolve("rules.json");
        MAPPER.writeValue(file.toFile(), catalogue);
        BacktestCommandTest.Run r = BacktestCommandTest.run("--catalogue", file.toString(), BacktestCommandTest.PLANT_FIRE);
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).isEqualTo(String.join("\n",
                "changes:",
                "  catalogue-plating.pool-high-parameters accepted: rule plating.pool-high is now version 2 (world version 1)",
                "4,349 records from 1 file: 6 alerts with the current rules, 6 with the change (5 unchanged)",
                "",
                "added: 1",
                "  EVENT TIME                 RULE               VERSION  SEVERITY  SUBJECT      INCIDENT",
                "  2026-12-18T15:19:00+08:00  plating.pool-high  2        MEDIUM    wy-e03-pool  WASTEWATER:plant:wy-e03",
                "",
                "removed: 1",
                "  EVENT TIME                 RULE               VERSION  SEVERITY  SUBJECT      INCIDENT",
                "  2026-12-18T15:26:00+08:00  plating.pool-high  1        MEDIUM    wy-e03-pool  WASTEWATER:plant:wy-e03",
                "",
                "severity changed: none",
                ""));
        assertThat(r.err()).contains("with the change: 4,349 records, 6 alerts, 3 dead letters in ")
                .contains("without it: 4,349 records, 6 alerts, 3 dead letters in ");
    }

    @Test
    void aRefusedChangeEndsWithItsReasonAndNothingCompared() throws Exception {
        Path changes = Files.writeString(dir.resolve("changes.jsonl"), RAINY + "\n"
                + RAINY.replace("rainy-1", "rainy-2").replace("75", "120") + "\n");
        BacktestCommandTest.Run r = BacktestCommandTest.run("--changes", changes.toString(), BacktestCommandTest.PLANT_FIRE);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("rainy-1 accepted: rule plating.pool-high is now version 2 (world version 1)\n"
                + "rainy-2 refused: highPct must be within 1..100 %, got 120 (rule plating.pool-high stays at version 2)\n");
        assertThat(r.err()).isEqualTo("refused changes: nothing was compared (docs/rules.md \"Changing rules live\")\n");
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
