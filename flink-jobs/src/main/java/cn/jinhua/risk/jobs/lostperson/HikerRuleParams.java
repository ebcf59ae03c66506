package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.geo.search.SearchAreaConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameters of the lost-person job ({@code docs/rules.md} "Parameters"): what the four rules
 * share, and each rule's own parameters ({@code distressCall}, {@code offTrailStationary},
 * {@code afterDark}, {@code signalLost}, defined beside the rule that reads them).
 * {@link #defaults()} are the job's own documented values and each rule's catalogue defaults
 * ({@code docs/contract/rules.json}); {@link #withOverrides(Map)} takes the job settings that are
 * options ({@code hiker.areaBufferM=800}). The rules' parameters are data: the catalogue's defaults,
 * then the changes of {@code risk.control}, never options, so that the job and the API (which shows
 * them) start from the same values. Distances in metres, durations as {@link Duration}.
 * Immutable.
 *
 * @param areaBufferM a fix or call within this distance of a MOUNTAIN_AREA counts as on the mountain
 * @param stateTtl how long a silent device's state is kept after its last alert or fix
 * @param maxStateLead how far ahead of the watermark a fix may be applied to keyed state; fixes
 *     further ahead (a backlog read while an empty partition still holds the watermark) wait, so
 *     the timer-driven rules never read state from their future
 * @param searchRadiiKm search-area ring radii (Koester 25/50/75/95 %)
 * @param searchWalkingKmh cap on the rings: elapsed time times this speed
 */
public record HikerRuleParams(double areaBufferM, Duration stateTtl, Duration maxStateLead, List<Double> searchRadiiKm,
                              double searchWalkingKmh, DistressCallRule.Params distressCall,
                              OffTrailStationaryRule.Params offTrailStationary, AfterDarkRule.Params afterDark,
                              SignalLostRule.Params signalLost) implements Serializable {

    public HikerRuleParams {
        searchRadiiKm = List.copyOf(searchRadiiKm);
        if (areaBufferM < 0) {
            throw new IllegalArgumentException("hiker distances must be positive");
        }
        if (stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException("hiker durations must be positive");
        }
        if (maxStateLead == null || maxStateLead.isNegative()) {
            throw new IllegalArgumentException("maxStateLead must not be negative");
        }
        if (stateTtl.compareTo(signalLost.inGapTimeout()) <= 0 || stateTtl.compareTo(signalLost.timeout()) <= 0) {
            throw new IllegalArgumentException("hiker.stateTtlHours must exceed the signal-lost timeouts");
        }
        try {
            SearchAreaConfig.hiker(searchRadiiKm, searchWalkingKmh);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hiker.searchRadiiKm must be positive ascending km and hiker.searchWalkingKmh"
                    + " a positive speed: " + e.getMessage(), e);
        }
    }

    public static HikerRuleParams defaults() {
        return new HikerRuleParams(500, Duration.ofHours(24), Duration.ofMinutes(5), List.of(1.1, 3.1, 5.8, 18.3), 1.5,
                DistressCallRule.Params.of(DistressCallRule.RULE.defaults()),
                OffTrailStationaryRule.Params.of(OffTrailStationaryRule.RULE.defaults()),
                AfterDarkRule.Params.of(AfterDarkRule.RULE.defaults()),
                SignalLostRule.Params.of(SignalLostRule.RULE.defaults()));
    }

    /** The four lost-person rules, whose parameters the catalogue holds. */
    private static final List<RuleCatalogue.Rule> RULES = List.of(DistressCallRule.RULE, OffTrailStationaryRule.RULE,
            AfterDarkRule.RULE, SignalLostRule.RULE);

    /** Option names understood by {@link #withOverrides(Map)}, with what they set: the job settings. */
    public static final Map<String, String> OPTIONS = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "hiker.areaBufferM", "metres around a MOUNTAIN_AREA that count as on the mountain",
            "hiker.stateTtlHours", "hours a silent device's state is kept",
            "hiker.searchRadiiKm", "comma-separated search ring radii in km (4 values)",
            "hiker.searchWalkingKmh", "walking speed capping the search rings")));

    /**
     * These parameters with the job settings of the options applied.
     *
     * @throws IllegalArgumentException naming the option when a value does not parse or is out of
     *     range, when it is a rule's parameter (those change live), or unknown
     */
    public HikerRuleParams withOverrides(Map<String, String> options) {
        HikerRuleParams p = this;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().startsWith("hiker.")) {
                continue;
            }
            String ruleParameter = ruleParameterOption(e.getKey());
            if (ruleParameter != null) {
                throw new IllegalArgumentException(ruleParameter);
            }
            if (!OPTIONS.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown option " + e.getKey() + " (known: "
                        + String.join(", ", OPTIONS.keySet()) + ")");
            }
            try {
                p = p.with(e.getKey().substring("hiker.".length()), e.getValue().trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("option " + e.getKey() + " needs a number, got '" + e.getValue() + "'");
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("option " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return p;
    }

    /** Why {@code option} (e.g. {@code hiker.stillMinutes}) is no job option when it names a rule's parameter, else null. */
    public static String ruleParameterOption(String option) {
        if (!option.startsWith("hiker.")) {
            return null;
        }
        String name = option.substring("hiker.".length());
        return RULES.stream().filter(r -> r.parameter(name).isPresent()).findFirst()
                .map(r -> "option " + option + " is a parameter of " + r.id() + ": rule parameters are not job options,"
                        + " they change live (./risk control, or the rules page; docs/rules.md \"Changing rules live\"),"
                        + " so that the job and the API run and show the same values")
                .orElse(null);
    }

    private HikerRuleParams with(String name, String v) {
        switch (name) {
            case "areaBufferM":
                return new HikerRuleParams(Double.parseDouble(v), stateTtl, maxStateLead, searchRadiiKm, searchWalkingKmh,
                        distressCall, offTrailStationary, afterDark, signalLost);
            case "stateTtlHours":
                return new HikerRuleParams(areaBufferM, Duration.ofMinutes(Math.round(Double.parseDouble(v) * 60)),
                        maxStateLead, searchRadiiKm, searchWalkingKmh, distressCall, offTrailStationary, afterDark, signalLost);
            case "searchRadiiKm":
                return new HikerRuleParams(areaBufferM, stateTtl, maxStateLead,
                        Arrays.stream(v.split(",")).map(String::trim).map(Double::valueOf).toList(), searchWalkingKmh,
                        distressCall, offTrailStationary, afterDark, signalLost);
            case "searchWalkingKmh":
                return new HikerRuleParams(areaBufferM, stateTtl, maxStateLead, searchRadiiKm, Double.parseDouble(v),
                        distressCall, offTrailStationary, afterDark, signalLost);
            default:
                throw new IllegalArgumentException("no job setting " + name);
        }
    }

    /** The current values of one of the four rules' parameters, under the catalogue's names. */
    public Map<String, Object> valuesOf(String ruleId) {
        return switch (ruleId) {
            case "hiker.distress-call" -> distressCall.values();
            case "hiker.off-trail-stationary" -> offTrailStationary.values();
            case "hiker.after-dark" -> afterDark.values();
            case "hiker.signal-lost" -> signalLost.values();
            default -> throw new IllegalArgumentException("no lost-person rule " + ruleId);
        };
    }

    /**
     * These parameters with one rule's values replaced (values checked against the catalogue).
     *
     * @throws IllegalArgumentException when the values break a rule the catalogue's bounds do not
     *     express (e.g. a silence timeout not shorter than the state's time to live)
     */
    public HikerRuleParams withRule(String ruleId, Map<String, Object> values) {
        DistressCallRule.Params d = distressCall;
        OffTrailStationaryRule.Params o = offTrailStationary;
        AfterDarkRule.Params a = afterDark;
        SignalLostRule.Params s = signalLost;
        switch (ruleId) {
            case "hiker.distress-call" -> d = DistressCallRule.Params.of(values);
            case "hiker.off-trail-stationary" -> o = OffTrailStationaryRule.Params.of(values);
            case "hiker.after-dark" -> a = AfterDarkRule.Params.of(values);
            case "hiker.signal-lost" -> s = SignalLostRule.Params.of(values);
            default -> throw new IllegalArgumentException("no lost-person rule " + ruleId);
        }
        return new HikerRuleParams(areaBufferM, stateTtl, maxStateLead, searchRadiiKm, searchWalkingKmh, d, o, a, s);
    }
}
