package cn.jinhua.risk.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.rules.ControlChange;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed catalogue becomes the live changes that make the packaged one into it, and nothing more. */
class CatalogueChangesTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String AT = "2026-12-18T15:59:00+08:00";

    @TempDir
    Path dir;

    static ObjectNode packagedFile() throws IOException {
        try (InputStream in = RuleCatalogue.class.getClassLoader().getResourceAsStream(RuleCatalogue.RESOURCE)) {
            return (ObjectNode) MAPPER.readTree(in);
        }
    }

    static ObjectNode rule(ObjectNode catalogue, String id) {
        for (var r : catalogue.get("rules")) {
            if (r.get("id").asText().equals(id)) {
                return (ObjectNode) r;
            }
        }
        throw new AssertionError("no rule " + id);
    }

    List<ControlChange> changes(ObjectNode catalogue) throws IOException {
        Path file = dir.resolve("rules.json");
        MAPPER.writeValue(file.toFile(), catalogue);
        return CatalogueChanges.of(file, RuleCatalogue.packaged(), "officer-wu", AT).stream().map(ControlChange::parse).toList();
    }

    @Test
    void thePackagedCatalogueChangesNothing() throws IOException {
        assertThat(changes(packagedFile())).isEmpty();
    }

    @Test
    void aChangedDefaultALeftOutRuleAndAnUnknownRuleBecomeChanges() throws IOException {
        ObjectNode catalogue = packagedFile();
        for (var p : rule(catalogue, "plating.pool-high").get("parameters")) {
            if (p.get("name").asText().equals("highPct")) {
                ((ObjectNode) p).put("default", 75);
            }
        }
        // A version and a description changed alone are no change.
        rule(catalogue, "hiker.signal-lost").put("version", 7).put("nameEn", "Silent phone");
        ArrayNode rules = (ArrayNode) catalogue.get("rules");
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).get("id").asText().equals("hiker.after-dark")) {
                rules.remove(i);
            }
        }
        rules.addObject().put("id", "plating.ph-drift");

        List<ControlChange> changes = changes(catalogue);

        assertThat(changes).extracting(ControlChange::changeId).containsExactly("catalogue-plating.pool-high-parameters",
                "catalogue-plating.ph-drift-enabled", "catalogue-hiker.after-dark-enabled");
        assertThat(changes.get(0).parameters()).isEqualTo(Map.of("highPct", 75));
        assertThat(changes.get(1).kind()).isEqualTo("rule-enabled");
        assertThat(changes.get(1).enabled()).isTrue();
        assertThat(changes.get(2).enabled()).isFalse();
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.by()).isEqualTo("officer-wu");
            assertThat(c.at()).isEqualTo(AT);
        });
    }

    @Test
    void changedEplIsARuleEplChange() throws IOException {
        ObjectNode catalogue = packagedFile();
        ObjectNode rule = rule(catalogue, "plating.sluice-not-closed");
        String epl = "@name('plating.sluice-not-closed') select * from SluiceCloseOrder";
        rule.put("epl", epl);
        List<ControlChange> changes = changes(catalogue);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).kind()).isEqualTo("rule-epl");
        assertThat(changes.get(0).epl()).isEqualTo(epl);
    }

    @Test
    void aRuleWithoutIdOrListedTwiceIsRefused() throws IOException {
        ObjectNode catalogue = packagedFile();
        ((ArrayNode) catalogue.get("rules")).addObject().put("version", 1);
        assertThatThrownBy(() -> changes(catalogue)).hasMessageEndingWith(": rule 12 has no id");
        ObjectNode twice = packagedFile();
        ((ArrayNode) twice.get("rules")).add(rule(twice, "plating.pool-high").deepCopy());
        assertThatThrownBy(() -> changes(twice)).hasMessageEndingWith(": rule plating.pool-high is listed twice");
        Files.deleteIfExists(dir.resolve("rules.json"));
    }
}
