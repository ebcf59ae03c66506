package cn.jinhua.risk.api.rules;

import cn.jinhua.risk.api.control.ControlChange;
import cn.jinhua.risk.contract.RuleCatalogue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules as they run: the catalogue with every accepted live change applied, in the order the
 * job decided them (a rule's changes share a partition of {@code risk.control}; their offsets are
 * that order). Refused and undecided changes change nothing, except that an undecided
 * {@code rule-shadow} counts as a shadow on its way (so promoting it may be asked). Every rule's
 * values start from the catalogue's defaults, here as in the job (rule parameters are no job
 * options). Not thread-safe: one fold per request.
 */
final class LiveRules {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRules.class);

    /** One rule's state. */
    static final class State {
        final RuleCatalogue.Rule rule;
        int version;
        boolean enabled = true;
        Map<String, Object> values;
        String epl;
        Shadow shadow;
        boolean shadowPending;

        State(RuleCatalogue.Rule rule) {
            this.rule = rule;
            this.version = rule.version();
            this.values = rule.defaults();
            this.epl = rule.epl();
        }
    }

    /** A shadow version: its full parameter values, its EPL, and the change that started it. */
    record Shadow(Integer version, Map<String, Object> values, String epl, ControlChange started) {
    }

    private LiveRules() {
    }

    /** Every rule of the catalogue, by id, with the changes applied. */
    static Map<String, State> fold(RuleCatalogue catalogue, List<ControlChange> inTopicOrder) {
        Map<String, State> states = new LinkedHashMap<>();
        for (RuleCatalogue.Rule r : catalogue.all()) {
            states.put(r.id(), new State(r));
        }
        for (ControlChange c : inTopicOrder) {
            State s = states.get(c.ruleId());
            if (s == null || c.message() == null) {
                continue;
            }
            if (c.verdict() == null) {
                if ("rule-shadow".equals(c.kind())) {
                    s.shadowPending = true;
                }
                continue;
            }
            if (!c.verdict().accepted()) {
                if ("rule-shadow".equals(c.kind())) {
                    s.shadowPending = false;
                }
                continue;
            }
            try {
                apply(s, c);
            } catch (IllegalArgumentException e) {
                // The job accepted it against its own catalogue; this build's differs (an upgrade in between).
                LOG.warn("change {} of rule {} does not apply to this build's catalogue: {}", c.changeId(), c.ruleId(),
                        e.getMessage());
            }
        }
        return states;
    }

    private static void apply(State s, ControlChange c) {
        JsonNode m = c.message();
        Integer version = c.verdict().ruleVersion();
        switch (c.kind()) {
            case "rule-parameters" -> s.values = s.rule.with(s.values, parameters(m));
            case "rule-enabled" -> s.enabled = m.path("enabled").asBoolean(s.enabled);
            case "rule-epl" -> s.epl = m.path("epl").asText(s.epl);
            case "rule-shadow" -> {
                s.shadow = new Shadow(version, m.has("parameters") ? s.rule.with(s.values, parameters(m)) : s.values,
                        m.hasNonNull("epl") ? m.get("epl").asText() : s.epl, c);
                s.shadowPending = false;
                return;
            }
            case "rule-promote" -> {
                if (s.shadow != null) {
                    s.values = s.shadow.values();
                    s.epl = s.shadow.epl();
                }
                s.shadow = null;
            }
            case "rule-shadow-stop" -> {
                s.shadow = null;
                return;
            }
            default -> {
                return;
            }
        }
        if (version != null) {
            s.version = version;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(JsonNode m) {
        return cn.jinhua.risk.api.json.Json.MAPPER.convertValue(m.path("parameters"), Map.class);
    }
}
