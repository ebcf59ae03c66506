package cn.jinhua.risk.jobs.changes;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.lostperson.LostPersonRulesFunction;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.rules.EventTimeEsper;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.wastewater.ParkRulesFunction;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides one change of {@code risk.control} against the live rules ({@code docs/rules.md}
 * "Changing rules live"): accepted, it makes the next {@link LiveRules} (the rule's version one
 * more); refused, the live rules stay as they are and the result says why. Checks, in order: the
 * rule exists; this build applies the kind of change to that rule live; each parameter is one of
 * the rule's, of its type and within its bounds (the catalogue); the rule's values together are
 * valid (the rule's own checks, e.g. clearFraction at most highFraction); EPL compiles.
 *
 * <p>Stateless and thread-safe; serializable, so the validating operator carries it.
 */
public final class ChangeDecider implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rules whose parameters and on/off state the job follows live: all but the sluice watch's. */
    public static final Set<String> LIVE_RULES = Stream.concat(
            LostPersonRulesFunction.HIKER_RULES.stream(), ParkRulesFunction.PARK_RULES.stream())
            .collect(Collectors.toUnmodifiableSet());

    private final HikerRuleParams hikerParams;
    private final WastewaterParams wastewaterParams;

    /**
     * @param hikerParams the lost-person job's parameters (their checks apply to the hiker rules' values)
     * @param wastewaterParams the wastewater job's parameters (likewise)
     */
    public ChangeDecider(HikerRuleParams hikerParams, WastewaterParams wastewaterParams) {
        this.hikerParams = hikerParams;
        this.wastewaterParams = wastewaterParams;
    }

    /**
     * The live rules the job starts with: the catalogue's, with the lost-person rules' parameters
     * as the job's options set them.
     */
    public LiveRules initial() {
        LiveRules live = LiveRules.of(RuleCatalogue.packaged());
        for (String id : LostPersonRulesFunction.HIKER_RULES) {
            LiveRules.LiveRule r = live.rule(id);
            live = live.with(id, new LiveRules.LiveRule(r.version(), r.enabled(), hikerParams.valuesOf(id), r.epl()));
        }
        return live;
    }

    /**
     * The outcome of one change.
     *
     * @param next the live rules after the change, null when it was refused
     * @param result what {@code risk.control.results} carries, field by field
     */
    public record Decision(LiveRules next, Map<String, Object> result) {
        public boolean accepted() {
            return next != null;
        }
    }

    /** Decides a change that could be read. */
    public Decision decide(LiveRules live, ControlChange c, long nowMillis) {
        try {
            return accept(c, apply(live, c), nowMillis);
        } catch (IllegalArgumentException e) {
            return refuse(c.changeId(), c.ruleId(), c.featureId(), e.getMessage(), live, nowMillis);
        }
    }

    /** The result for a change that could not be read ({@code changeId} null when even that was missing). */
    public static Decision malformed(String changeId, String reason, LiveRules live, long nowMillis) {
        return refuse(changeId, null, null, reason, live, nowMillis);
    }

    private LiveRules apply(LiveRules live, ControlChange c) {
        if (c.kind().startsWith("world-")) {
            throw new IllegalArgumentException(c.kind() + " is not applied by this build of the job: the world"
                    + " changes only with its files and a restart");
        }
        RuleCatalogue.Rule rule = RuleCatalogue.packaged().find(c.ruleId())
                .orElseThrow(() -> new IllegalArgumentException("no rule " + c.ruleId() + " in the catalogue"));
        LiveRules.LiveRule current = live.rule(rule.id());
        switch (c.kind()) {
            case "rule-parameters" -> {
                liveChangeable(rule, "its parameters");
                Map<String, Object> values = rule.with(current.parameters(), c.parameters());
                checkTogether(rule.id(), values);
                return live.with(rule.id(), new LiveRules.LiveRule(current.version() + 1, current.enabled(), values,
                        current.epl()));
            }
            case "rule-enabled" -> {
                liveChangeable(rule, "whether it is on");
                return live.with(rule.id(), new LiveRules.LiveRule(current.version() + 1, c.enabled(),
                        current.parameters(), current.epl()));
            }
            case "rule-epl" -> {
                if (rule.epl() == null) {
                    throw new IllegalArgumentException("rule " + rule.id() + " is decided in Java and has no EPL");
                }
                checkEpl(rule.id(), c.epl());
                throw new IllegalArgumentException("the EPL compiles, but this build of the job deploys a rule's EPL"
                        + " only at start: rule " + rule.id() + " keeps version " + current.version());
            }
            default -> throw new IllegalArgumentException(c.kind() + " (shadow versions) is not run by this build of"
                    + " the job");
        }
    }

    private static void liveChangeable(RuleCatalogue.Rule rule, String what) {
        if (!LIVE_RULES.contains(rule.id())) {
            throw new IllegalArgumentException("this build of the job changes " + what + " live only for "
                    + String.join(", ", LIVE_RULES.stream().sorted().toList()) + "; rule " + rule.id()
                    + " changes with a restart (job options)");
        }
    }

    /** The checks a rule's Params make across values (bounds alone are the catalogue's). */
    private void checkTogether(String ruleId, Map<String, Object> values) {
        if (ruleId.startsWith("hiker.")) {
            hikerParams.withRule(ruleId, values);
        } else {
            wastewaterParams.withRule(ruleId, values);
        }
    }

    /** Compiles the EPL with the event types its job declares. */
    private static void checkEpl(String ruleId, String epl) {
        if (!epl.contains("@name('" + ruleId + "')")) {
            throw new IllegalArgumentException("the EPL must name its statement @name('" + ruleId + "')");
        }
        try {
            if (ruleId.startsWith("hiker.")) {
                EventTimeEsper.compile(ruleId, LostPersonRulesFunction.eventSchema(), epl);
            } else {
                EventTimeEsper.compile(ruleId, epl);
            }
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Decision accept(ControlChange c, LiveRules next, long nowMillis) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changeId", c.changeId());
        r.put("accepted", true);
        r.put("ruleId", c.ruleId());
        r.put("ruleVersion", next.rule(c.ruleId()).version());
        r.put("worldVersion", next.worldVersion());
        r.put("at", IsoTimes.format(nowMillis));
        return new Decision(next, r);
    }

    private static Decision refuse(String changeId, String ruleId, String featureId, String reason, LiveRules live,
                                   long nowMillis) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changeId", changeId);
        r.put("accepted", false);
        r.put("reason", reason);
        if (ruleId != null) {
            r.put("ruleId", ruleId);
            LiveRules.LiveRule rule = live.rules().get(ruleId);
            if (rule != null) {
                r.put("ruleVersion", rule.version());
            }
        }
        if (featureId != null) {
            r.put("featureId", featureId);
        }
        r.put("worldVersion", live.worldVersion());
        r.put("at", IsoTimes.format(nowMillis));
        return new Decision(null, r);
    }
}
