package cn.jinhua.risk.backtest;

import cn.jinhua.risk.contract.RuleCatalogue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A changed rule catalogue (a file in the form of {@code docs/contract/rules.json}) as the live
 * changes that make the packaged catalogue into it, so that the job decides them as it decides any
 * change on {@code risk.control}: a parameter default that differs is a {@code rule-parameters}
 * change, EPL that differs a {@code rule-epl} change, a rule left out a {@code rule-enabled: false}
 * change, and a rule the build does not have a change the job refuses for naming no rule. Names,
 * units, bounds and versions in the file are not compared: values are checked against the
 * packaged catalogue's bounds, and versions count up with each change. Stateless.
 */
final class CatalogueChanges {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CatalogueChanges() {
    }

    /**
     * @param by who the changes are made by ({@code by} of each change)
     * @param at when, ISO-8601 with offset
     * @return one JSON line per change, in the file's rule order, the rules left out last
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static List<String> of(Path file, RuleCatalogue packaged, String by, String at) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.path("rules").isArray()) {
            throw new IllegalArgumentException(file + ": a catalogue is {\"rules\": [...]}, as docs/contract/rules.json");
        }
        List<String> changes = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        int n = 0;
        for (JsonNode rule : root.get("rules")) {
            n++;
            String id = rule.path("id").asText("");
            if (id.isBlank()) {
                throw new IllegalArgumentException(file + ": rule " + n + " has no id");
            }
            if (!listed.add(id)) {
                throw new IllegalArgumentException(file + ": rule " + id + " is listed twice");
            }
            RuleCatalogue.Rule current = packaged.find(id).orElse(null);
            if (current == null) {
                changes.add(change("catalogue-" + id + "-enabled", "rule-enabled", id, by, at,
                        c -> c.put("enabled", true)));
                continue;
            }
            Map<String, Object> parameters = changedDefaults(file, rule, current);
            if (!parameters.isEmpty()) {
                changes.add(change("catalogue-" + id + "-parameters", "rule-parameters", id, by, at,
                        c -> c.set("parameters", MAPPER.valueToTree(parameters))));
            }
            String epl = epl(file, rule);
            if (epl != null && !epl.equals(current.epl())) {
                changes.add(change("catalogue-" + id + "-epl", "rule-epl", id, by, at, c -> c.put("epl", epl)));
            }
        }
        for (RuleCatalogue.Rule r : packaged.all()) {
            if (!listed.contains(r.id())) {
                changes.add(change("catalogue-" + r.id() + "-enabled", "rule-enabled", r.id(), by, at,
                        c -> c.put("enabled", false)));
            }
        }
        return changes;
    }

    /** The parameters whose default in the file is not the packaged one, as the file gives them. */
    private static Map<String, Object> changedDefaults(Path file, JsonNode rule, RuleCatalogue.Rule current) {
        Map<String, Object> changed = new LinkedHashMap<>();
        JsonNode params = rule.path("parameters");
        if (params.isMissingNode() || params.isNull()) {
            return changed;
        }
        if (!params.isArray()) {
            throw new IllegalArgumentException(file + ": parameters of rule " + current.id() + " must be a list");
        }
        for (JsonNode p : params) {
            String name = p.path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException(file + ": a parameter of rule " + current.id() + " has no name");
            }
            Object given = MAPPER.convertValue(p.get("default"), Object.class);
            RuleCatalogue.Parameter known = current.parameter(name).orElse(null);
            if (known == null || !sameValue(known, given)) {
                changed.put(name, given);
            }
        }
        return changed;
    }

    /** Whether the value is the packaged default once read as the parameter reads it; one it refuses differs. */
    private static boolean sameValue(RuleCatalogue.Parameter p, Object given) {
        try {
            return Objects.equals(p.check(p.defaultValue()), p.check(given));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The rule's EPL as the catalogue joins it (a list of lines or one text), or null. */
    private static String epl(Path file, JsonNode rule) {
        JsonNode epl = rule.get("epl");
        if (epl == null || epl.isNull()) {
            return null;
        }
        if (epl.isTextual()) {
            return epl.asText();
        }
        if (!epl.isArray()) {
            throw new IllegalArgumentException(file + ": epl of rule " + rule.path("id").asText() + " must be lines of text");
        }
        List<String> lines = new ArrayList<>();
        epl.forEach(l -> lines.add(l.asText()));
        return String.join("\n", lines);
    }

    private static String change(String changeId, String kind, String ruleId, String by, String at,
                                 java.util.function.Consumer<ObjectNode> fields) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("changeId", changeId);
        c.put("kind", kind);
        c.put("ruleId", ruleId);
        fields.accept(c);
        c.put("by", by);
        c.put("at", at);
        return c.toString();
    }
}
