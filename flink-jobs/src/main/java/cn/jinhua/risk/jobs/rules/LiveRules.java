package cn.jinhua.risk.jobs.rules;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.geo.load.WorldEdits;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The rules and the world as live changes have left them ({@code docs/rules.md} "Changing rules
 * live"): per rule its version, whether it is on, its parameter values and its EPL; the world's
 * version and the world changes (each feature put in or taken out, some until an expiry). It starts as the catalogue says (every rule on, at its catalogue version, with its
 * defaults) and changes only by accepted changes on {@code risk.control}, each of which makes a
 * new snapshot.
 *
 * <p>It travels to the rule operators as JSON in broadcast state ({@link #BROADCAST}, one entry
 * {@link #KEY}): a string keeps the checkpointed layout free of any serializer of ours. Immutable
 * and thread-safe.
 *
 * @param rules every catalogue rule's live state, by id
 * @param worldVersion 1 for the world the job started with, then one more per accepted world change
 * @param world the accepted world changes in the order they were made, to be made to the world the
 *     job started with ({@link #worldAt})
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LiveRules(Map<String, LiveRule> rules, int worldVersion, List<WorldChange> world)
        implements Serializable {
    /** The broadcast state every rule operator keeps the newest snapshot in. */
    public static final MapStateDescriptor<String, String> BROADCAST =
            new MapStateDescriptor<>("live-rules", Types.STRING, Types.STRING);
    /** The one key of {@link #BROADCAST}. */
    public static final String KEY = "live";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One rule's live state.
     *
     * @param version the catalogue's version, plus one per accepted change of the rule
     * @param enabled whether the rule raises alerts
     * @param parameters its parameter values under the catalogue's names
     * @param epl its EPL module, null for a rule decided in Java
     * @param shadow the version running in shadow beside this one (its alerts marked {@code shadow}),
     *     or null; it has no shadow of its own
     */
    public record LiveRule(int version, boolean enabled, Map<String, Object> parameters, String epl, LiveRule shadow)
            implements Serializable {
        public LiveRule {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        /** Without a shadow. */
        public LiveRule(int version, boolean enabled, Map<String, Object> parameters, String epl) {
            this(version, enabled, parameters, epl, null);
        }

        /** The newest version of the rule, live or shadow: a change makes the one after it. */
        public int newestVersion() {
            return shadow == null ? version : Math.max(version, shadow.version());
        }

        /** This live version with another shadow (null: none). */
        public LiveRule withShadow(LiveRule next) {
            return new LiveRule(version, enabled, parameters, epl, next);
        }
    }

    /**
     * One accepted world change.
     *
     * @param changeId the change that made it
     * @param featureId the feature it puts in or takes out
     * @param feature the GeoJSON Feature put in, null when the feature is taken out
     * @param expiresAt epoch millis of event time from which the change no longer counts (the world
     *     is then as if it had not been made), null when it does not expire
     */
    public record WorldChange(String changeId, String featureId, String feature, Long expiresAt)
            implements Serializable {
        /** Whether the change counts at this event time. */
        public boolean activeAt(long eventTime) {
            return expiresAt == null || eventTime < expiresAt;
        }

        public WorldEdits.Edit edit() {
            return new WorldEdits.Edit(featureId, feature);
        }
    }

    public LiveRules {
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        world = world == null ? List.of() : List.copyOf(world);
    }

    /** Every rule of the catalogue as the catalogue has it, and the world as the job started with it. */
    public static LiveRules of(RuleCatalogue catalogue) {
        Map<String, LiveRule> rules = new LinkedHashMap<>();
        for (RuleCatalogue.Rule r : catalogue.all()) {
            rules.put(r.id(), new LiveRule(r.version(), true, r.defaults(), r.epl()));
        }
        return new LiveRules(rules, 1, List.of());
    }

    /** @throws IllegalArgumentException when no rule has this id */
    public LiveRule rule(String ruleId) {
        LiveRule r = rules.get(ruleId);
        if (r == null) {
            throw new IllegalArgumentException("no rule " + ruleId);
        }
        return r;
    }

    /** The ids of the rules with a shadow version; none before the first snapshot ({@code live} null). */
    public static Set<String> shadowed(LiveRules live) {
        Set<String> ids = new HashSet<>();
        if (live != null) {
            live.rules().forEach((id, rule) -> {
                if (rule.shadow() != null) {
                    ids.add(id);
                }
            });
        }
        return ids;
    }

    /** The shadow versions of these rules by rule id, in a snapshot as JSON (none when null). */
    public static Map<String, Integer> shadowVersions(String json, java.util.Collection<String> ruleIds) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (json != null) {
            LiveRules live = fromJson(json, RuleCatalogue.packaged());
            for (String id : ruleIds) {
                LiveRule shadow = live.rule(id).shadow();
                if (shadow != null) {
                    out.put(id, shadow.version());
                }
            }
        }
        return out;
    }

    /**
     * The rules as their shadow versions would have them: each rule with a shadow replaced by it
     * (on, its values, its version), the others as they are. The world is the same.
     */
    public LiveRules asShadow() {
        Map<String, LiveRule> next = new LinkedHashMap<>();
        rules.forEach((id, rule) -> next.put(id, rule.shadow() == null ? rule : rule.shadow()));
        return new LiveRules(next, worldVersion, world);
    }

    /** The ids of the rules turned off; none before the first snapshot ({@code live} null). */
    public static Set<String> disabled(LiveRules live) {
        Set<String> off = new HashSet<>();
        if (live != null) {
            live.rules().forEach((id, rule) -> {
                if (!rule.enabled()) {
                    off.add(id);
                }
            });
        }
        return off;
    }

    /**
     * The newest snapshot in an operator's broadcast state when it is not the one in use (the same
     * string: one identity check per record), else null.
     */
    public static String newer(ReadOnlyBroadcastState<String, String> state, String inUse) throws Exception {
        String json = state.get(KEY);
        return json == null || json == inUse ? null : json;
    }

    /** These rules with one rule replaced. */
    public LiveRules with(String ruleId, LiveRule rule) {
        Map<String, LiveRule> next = new LinkedHashMap<>(rules);
        next.put(ruleId, rule);
        return new LiveRules(next, worldVersion, world);
    }

    /** These rules with world changes made together (a batch): one next version of the world. */
    public LiveRules withWorld(List<WorldChange> changes) {
        List<WorldChange> next = new ArrayList<>(world);
        next.addAll(changes);
        return new LiveRules(rules, worldVersion + 1, next);
    }

    /** The world changes that count at this event time, in the order they were made. */
    public List<WorldEdits.Edit> worldAt(long eventTime) {
        List<WorldEdits.Edit> edits = new ArrayList<>(world.size());
        for (WorldChange c : world) {
            if (c.activeAt(eventTime)) {
                edits.add(c.edit());
            }
        }
        return edits;
    }

    /** The first event time after {@code eventTime} at which a world change expires, Long.MAX_VALUE when none. */
    public long nextWorldExpiryAfter(long eventTime) {
        long next = Long.MAX_VALUE;
        for (WorldChange c : world) {
            if (c.expiresAt() != null && c.expiresAt() > eventTime) {
                next = Math.min(next, c.expiresAt());
            }
        }
        return next;
    }

    /**
     * Identifies the world at this event time among those of these rules: 0 for the world the job
     * started with, else different for every world version and every expiry passed.
     */
    public int worldStampAt(long eventTime) {
        if (world.isEmpty()) {
            return 0;
        }
        int expired = 0;
        for (WorldChange c : world) {
            if (!c.activeAt(eventTime)) {
                expired++;
            }
        }
        return (worldVersion - 1) * 65_536 + expired;
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the live rules: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a snapshot that {@link #toJson} wrote; parameter values are checked against the
     * catalogue again (numbers read back as the catalogue's forms).
     */
    public static LiveRules fromJson(String json, RuleCatalogue catalogue) {
        try {
            LiveRules read = MAPPER.readValue(json, LiveRules.class);
            Map<String, LiveRule> rules = new LinkedHashMap<>();
            for (RuleCatalogue.Rule r : catalogue.all()) {
                LiveRule l = read.rules().get(r.id());
                rules.put(r.id(), l == null ? new LiveRule(r.version(), true, r.defaults(), r.epl())
                        : new LiveRule(l.version(), l.enabled(), r.with(r.defaults(), l.parameters()), l.epl(),
                                l.shadow() == null ? null : new LiveRule(l.shadow().version(), l.shadow().enabled(),
                                        r.with(r.defaults(), l.shadow().parameters()), l.shadow().epl())));
            }
            return new LiveRules(rules, read.worldVersion(), read.world());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the live rules: " + e.getMessage(), e);
        }
    }
}
