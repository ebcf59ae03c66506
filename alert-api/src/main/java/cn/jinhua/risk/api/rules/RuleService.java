package cn.jinhua.risk.api.rules;

import cn.jinhua.risk.api.control.ChangeKind;
import cn.jinhua.risk.api.control.ChangeView;
import cn.jinhua.risk.api.control.ControlChange;
import cn.jinhua.risk.api.control.ControlLog;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.contract.RuleCatalogue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules API ({@code docs/api.md} "Rules and zones"): the catalogue's rules as they run now, and
 * live changes of them checked here (the rule exists, the caller may change it, each parameter is
 * one of the rule's, of its type and within its bounds) and sent to the job over
 * {@code risk.control}, which decides them and answers with a verdict. Scoped: ENV_BUREAU sees
 * the plating rules only. Thread-safe.
 */
@Singleton
public class RuleService {
    /** Changes shown with each rule. */
    static final int CHANGES_PER_RULE = 10;
    private final RuleCatalogue catalogue = RuleCatalogue.packaged();
    private final ControlLog log;

    RuleService(ControlLog log) {
        this.log = log;
    }

    /** {@code GET /api/rules}: every rule the caller sees, by id. */
    public List<RuleView> list(Caller caller) {
        Map<String, LiveRules.State> states = LiveRules.fold(catalogue, log.inTopicOrder(false));
        List<String> visible = states.values().stream().filter(s -> caller.seesScenario(s.rule.scenario()))
                .map(s -> s.rule.id()).toList();
        Map<String, List<ChangeView>> changes = new LinkedHashMap<>();
        if (!visible.isEmpty()) {
            for (ControlChange c : log.newest(visible, false, CHANGES_PER_RULE * visible.size())) {
                List<ChangeView> of = changes.computeIfAbsent(c.ruleId(), k -> new ArrayList<>());
                if (of.size() < CHANGES_PER_RULE) {
                    of.add(ChangeView.of(c));
                }
            }
        }
        return visible.stream().map(id -> view(states.get(id), caller, changes.getOrDefault(id, List.of()))).toList();
    }

    /** {@code GET /api/rules/{id}}. */
    public RuleView get(String ruleId, Caller caller) {
        LiveRules.State s = visible(ruleId, caller, LiveRules.fold(catalogue, log.inTopicOrder(false)));
        return view(s, caller, log.newest(List.of(ruleId), false, CHANGES_PER_RULE).stream().map(ChangeView::of).toList());
    }

    /** {@code GET /api/rules/changes/{changeId}}: one rule change and its verdict. */
    public ChangeView change(String changeId, Caller caller) {
        ControlChange c = log.get(changeId);
        if (c.ruleId() == null || catalogue.find(c.ruleId()).map(r -> !caller.seesScenario(r.scenario())).orElse(true)) {
            throw ApiException.notFound("no rule change " + changeId + " that you may see");
        }
        return ChangeView.of(c);
    }

    /** {@code POST /api/rules/{id}/parameters}. */
    public ChangeView setParameters(String ruleId, Map<String, Object> parameters, Caller caller) {
        LiveRules.State s = changeable(ruleId, caller);
        checkParameters(s, parameters);
        ObjectNode f = fields(ruleId);
        f.set("parameters", Json.MAPPER.valueToTree(parameters));
        return ChangeView.of(log.send(ChangeKind.RULE_PARAMETERS, ruleId, f, caller));
    }

    /** {@code POST /api/rules/{id}/enabled}. */
    public ChangeView setEnabled(String ruleId, boolean enabled, Caller caller) {
        changeable(ruleId, caller);
        ObjectNode f = fields(ruleId);
        f.put("enabled", enabled);
        return ChangeView.of(log.send(ChangeKind.RULE_ENABLED, ruleId, f, caller));
    }

    /** {@code POST /api/rules/{id}/epl}. */
    public ChangeView setEpl(String ruleId, String epl, Caller caller) {
        LiveRules.State s = changeable(ruleId, caller);
        if (s.rule.epl() == null) {
            throw ApiException.badRequest("epl: rule " + ruleId + " is decided in Java, not by an EPL statement");
        }
        ObjectNode f = fields(ruleId);
        f.put("epl", epl);
        return ChangeView.of(log.send(ChangeKind.RULE_EPL, ruleId, f, caller));
    }

    /** {@code POST /api/rules/{id}/shadow}: starts a shadow version beside the live one. */
    public ChangeView startShadow(String ruleId, Map<String, Object> parameters, String epl, Caller caller) {
        LiveRules.State s = changeable(ruleId, caller);
        boolean hasParameters = parameters != null && !parameters.isEmpty();
        if (!hasParameters && epl == null) {
            throw ApiException.badRequest("parameters, epl: a shadow version needs parameters or EPL that differ from the live one");
        }
        if (epl != null && s.rule.epl() == null) {
            throw ApiException.badRequest("epl: rule " + ruleId + " is decided in Java, not by an EPL statement");
        }
        ObjectNode f = fields(ruleId);
        if (hasParameters) {
            checkParameters(s, parameters);
            f.set("parameters", Json.MAPPER.valueToTree(parameters));
        }
        if (epl != null) {
            f.put("epl", epl);
        }
        return ChangeView.of(log.send(ChangeKind.RULE_SHADOW, ruleId, f, caller));
    }

    /** {@code POST /api/rules/{id}/shadow/promote}: the shadow version becomes the live one. */
    public ChangeView promoteShadow(String ruleId, Caller caller) {
        requireShadow(changeable(ruleId, caller), "promote");
        return ChangeView.of(log.send(ChangeKind.RULE_PROMOTE, ruleId, fields(ruleId), caller));
    }

    /** {@code DELETE /api/rules/{id}/shadow}: stops the shadow version. */
    public ChangeView stopShadow(String ruleId, Caller caller) {
        requireShadow(changeable(ruleId, caller), "stop");
        return ChangeView.of(log.send(ChangeKind.RULE_SHADOW_STOP, ruleId, fields(ruleId), caller));
    }

    private static void requireShadow(LiveRules.State s, String what) {
        if (s.shadow == null && !s.shadowPending) {
            throw ApiException.conflict("rule " + s.rule.id() + " has no shadow version to " + what);
        }
    }

    private static void checkParameters(LiveRules.State s, Map<String, Object> parameters) {
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            try {
                s.rule.with(s.values, Collections.singletonMap(e.getKey(), e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw ApiException.badRequest("parameters." + e.getKey() + ": " + ex.getMessage());
            }
        }
    }

    private static ObjectNode fields(String ruleId) {
        ObjectNode f = Json.MAPPER.createObjectNode();
        f.put("ruleId", ruleId);
        return f;
    }

    private LiveRules.State changeable(String ruleId, Caller caller) {
        LiveRules.State s = visible(ruleId, caller, LiveRules.fold(catalogue, log.inTopicOrder(false)));
        if (!caller.changesLive(s.rule.scenario())) {
            throw ApiException.forbidden("rule " + ruleId + " is a " + s.rule.scenario() + " rule, which "
                    + ("LOST_PERSON".equals(s.rule.scenario()) ? "COMMAND" : "ENV_BUREAU") + " and ADMIN change");
        }
        return s;
    }

    private static LiveRules.State visible(String ruleId, Caller caller, Map<String, LiveRules.State> states) {
        LiveRules.State s = states.get(ruleId);
        if (s == null) {
            throw ApiException.notFound("no rule " + ruleId);
        }
        if (!caller.seesScenario(s.rule.scenario())) {
            throw ApiException.forbidden("rule " + ruleId + " is outside your scope");
        }
        return s;
    }

    private static RuleView view(LiveRules.State s, Caller caller, List<ChangeView> changes) {
        RuleCatalogue.Rule r = s.rule;
        List<ParameterView> params = r.parameters().stream().map(p -> new ParameterView(p.name(), p.type(), p.unit(),
                p.min(), p.max(), Json.MAPPER.valueToTree(p.defaultValue()), Json.MAPPER.valueToTree(s.values.get(p.name())),
                p.optional(), p.description())).toList();
        LiveRules.Shadow sh = s.shadow;
        ShadowView shadow = sh == null ? null : new ShadowView(sh.version(), Json.MAPPER.valueToTree(sh.values()),
                sh.epl() == null || sh.epl().equals(s.epl) ? null : sh.epl(), sh.started().changeId(), sh.started().by(),
                sh.started().at());
        return new RuleView(r.id(), s.version, r.scenario(), r.severities(), r.nameZh(), r.nameEn(), s.enabled, params, s.epl,
                shadow, caller.changesLive(r.scenario()), changes);
    }
}
