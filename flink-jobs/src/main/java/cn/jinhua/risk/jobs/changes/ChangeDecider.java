package cn.jinhua.risk.jobs.changes;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.lostperson.LostPersonRulesFunction;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.rules.EventTimeEsper;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.wastewater.SluiceWatchFunction;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldEdits;
import cn.jinhua.risk.geo.load.WorldLoadException;
import cn.jinhua.risk.geo.model.WorldFeature;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import com.espertech.esper.common.client.EPCompiled;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides one change of {@code risk.control} against the live rules ({@code docs/rules.md}
 * "Changing rules live"): accepted, it makes the next {@link LiveRules} (the rule's version one
 * more); refused, the live rules stay as they are and the result says why. Checks, in order: the
 * rule exists; each parameter is one of the rule's, of its type and within its bounds (the
 * catalogue); the rule's values together are valid (the rule's own checks, e.g. clearFraction at
 * most highFraction); EPL compiles and selects what a match is made of. A world change: the world
 * it makes passes the world loader's validation now and after every expiry.
 *
 * <p>Stateless and thread-safe; serializable, so the validating operator carries it.
 */
public final class ChangeDecider implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HikerRuleParams hikerParams;
    private final WastewaterParams wastewaterParams;
    private final WorldSnapshot world;

    /**
     * @param hikerParams the lost-person job's parameters (their checks apply to the hiker rules' values)
     * @param wastewaterParams the wastewater job's parameters (likewise)
     * @param world the world the job starts with, which world changes change
     */
    public ChangeDecider(HikerRuleParams hikerParams, WastewaterParams wastewaterParams, WorldSnapshot world) {
        this.hikerParams = hikerParams;
        this.wastewaterParams = wastewaterParams;
        this.world = world;
    }

    /** For a job that starts with the packaged seed world. */
    public ChangeDecider(HikerRuleParams hikerParams, WastewaterParams wastewaterParams) {
        this(hikerParams, wastewaterParams, WorldSnapshot.load(null));
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
            return applyWorld(live, c);
        }
        RuleCatalogue.Rule rule = RuleCatalogue.packaged().find(c.ruleId())
                .orElseThrow(() -> new IllegalArgumentException("no rule " + c.ruleId() + " in the catalogue"));
        LiveRules.LiveRule current = live.rule(rule.id());
        int next = current.newestVersion() + 1;
        switch (c.kind()) {
            case "rule-parameters" -> {
                Map<String, Object> values = rule.with(current.parameters(), c.parameters());
                checkTogether(rule.id(), values);
                return live.with(rule.id(), new LiveRules.LiveRule(next, current.enabled(), values, current.epl(),
                        current.shadow()));
            }
            case "rule-enabled" -> {
                return live.with(rule.id(), new LiveRules.LiveRule(next, c.enabled(), current.parameters(),
                        current.epl(), current.shadow()));
            }
            case "rule-epl" -> {
                checkEpl(rule, c.epl(), current.parameters());
                return live.with(rule.id(), new LiveRules.LiveRule(next, current.enabled(), current.parameters(),
                        c.epl(), current.shadow()));
            }
            case "rule-shadow" -> {
                Map<String, Object> values = c.parameters() == null ? current.parameters()
                        : rule.with(current.parameters(), c.parameters());
                checkTogether(rule.id(), values);
                String epl = current.epl();
                if (c.epl() != null) {
                    checkEpl(rule, c.epl(), values);
                    epl = c.epl();
                }
                return live.with(rule.id(), current.withShadow(new LiveRules.LiveRule(next, true, values, epl)));
            }
            case "rule-promote" -> {
                LiveRules.LiveRule shadow = shadowOf(rule, current);
                return live.with(rule.id(), shadow);
            }
            case "rule-shadow-stop" -> {
                shadowOf(rule, current);
                return live.with(rule.id(), current.withShadow(null));
            }
            default -> throw new IllegalStateException("a change of kind " + c.kind() + " was read");
        }
    }

    private static LiveRules.LiveRule shadowOf(RuleCatalogue.Rule rule, LiveRules.LiveRule current) {
        if (current.shadow() == null) {
            throw new IllegalArgumentException("rule " + rule.id() + " has no shadow version (live: version "
                    + current.version() + ")");
        }
        return current.shadow();
    }

    /**
     * The world change, when the world stays valid: now, and after each change's expiry (an expired
     * change counts as not made, so what it replaced counts again). Sensors, pools and pipes put in,
     * taken out or moved are followed by the sensor router ({@code wastewater.SensorRouter}).
     */
    private LiveRules applyWorld(LiveRules live, ControlChange c) {
        Long expiresAt = c.expiresAt() == null ? null : IsoTimes.parseMillis(c.expiresAt());
        List<WorldEdits.Edit> edits = c.worldEdits();
        if (expiresAt != null && edits.stream().anyMatch(e -> e.feature() == null)) {
            throw new IllegalArgumentException("expiresAt is for features put in: a feature taken out stays out until"
                    + " it is put in again");
        }
        if (expiresAt != null && expiresAt <= IsoTimes.parseMillis(c.at())) {
            throw new IllegalArgumentException("expiresAt " + c.expiresAt() + " must be after the change's time "
                    + c.at());
        }
        World start = world.world();
        World current = live.world().isEmpty() ? start : WorldEdits.apply(start, live.worldAt(Long.MIN_VALUE));
        List<LiveRules.WorldChange> changes = new ArrayList<>();
        for (WorldEdits.Edit e : edits) {
            Optional<WorldFeature> existing = current.find(e.featureId());
            if (existing.isEmpty() && e.feature() == null) {
                throw new IllegalArgumentException("no feature " + e.featureId() + " in the world (version "
                        + live.worldVersion() + ")");
            }
            changes.add(new LiveRules.WorldChange(c.changeId(), e.featureId(), e.feature(), expiresAt));
        }
        LiveRules next = live.withWorld(changes);
        List<Long> times = new ArrayList<>();
        times.add(Long.MIN_VALUE);
        next.world().stream().map(LiveRules.WorldChange::expiresAt).filter(Objects::nonNull).distinct().sorted()
                .forEach(times::add);
        for (long t : times) {
            String when = t == Long.MIN_VALUE ? "" : "once the changes expiring at " + IsoTimes.format(t) + " expire: ";
            try {
                WorldEdits.apply(start, next.worldAt(t));
            } catch (WorldLoadException e) {
                throw new IllegalArgumentException(when + "the world would be invalid: " + e.problems().stream()
                        .map(p -> p.featureId() == null ? p.message() : p.featureId() + ": " + p.message())
                        .collect(Collectors.joining("; ")), e);
            }
        }
        return next;
    }

    /** The checks a rule's Params make across values (bounds alone are the catalogue's). */
    private void checkTogether(String ruleId, Map<String, Object> values) {
        if (ruleId.startsWith("hiker.")) {
            hikerParams.withRule(ruleId, values);
        } else {
            wastewaterParams.withRule(ruleId, values);
        }
    }

    /**
     * Compiles the EPL against the event types of the operator that runs it; the module must also
     * deploy with the rule's values bound and select what a match is made of.
     */
    private static void checkEpl(RuleCatalogue.Rule rule, String epl, Map<String, Object> values) {
        if (rule.epl() == null) {
            throw new IllegalArgumentException("rule " + rule.id() + " is decided in Java and has no EPL");
        }
        String ruleId = rule.id();
        if (!epl.contains("@name('" + ruleId + "')")) {
            throw new IllegalArgumentException("the EPL must name its statement @name('" + ruleId + "')");
        }
        boolean hiker = LostPersonRulesFunction.EPL_RULES.contains(ruleId);
        EPCompiled types = hiker ? LostPersonRulesFunction.compileEpl() : SluiceWatchFunction.compileEpl();
        try {
            EventTimeEsper.checkRule(ruleId, types, EventTimeEsper.compileRule(ruleId, types, epl), values,
                    hiker ? LostPersonRulesFunction.EPL_OUTPUT : SluiceWatchFunction.EPL_OUTPUT);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Decision accept(ControlChange c, LiveRules next, long nowMillis) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changeId", c.changeId());
        r.put("accepted", true);
        if ("world-batch".equals(c.kind())) {
            r.put("featureIds", c.worldEdits().stream().map(WorldEdits.Edit::featureId).toList());
        } else if (c.kind().startsWith("world-")) {
            r.put("featureId", c.featureId());
        } else {
            r.put("ruleId", c.ruleId());
            LiveRules.LiveRule rule = next.rule(c.ruleId());
            r.put("ruleVersion", "rule-shadow".equals(c.kind()) ? rule.shadow().version() : rule.version());
        }
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
