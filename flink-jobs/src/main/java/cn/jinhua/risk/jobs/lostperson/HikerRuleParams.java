package cn.jinhua.risk.jobs.lostperson;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parameters of the lost-person job ({@code docs/rules.md} "Parameters"): what the four rules
 * share, and each rule's own parameters ({@code distressCall}, {@code offTrailStationary},
 * {@code afterDark}, {@code signalLost}, defined beside the rule that reads them).
 * {@link #defaults()} are the documented values; {@link #withOverrides(Map)} takes job options
 * such as {@code hiker.signalLostMinutes=30}. Distances in metres, durations as {@link Duration}.
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
    }

    public static HikerRuleParams defaults() {
        return new HikerRuleParams(500, Duration.ofHours(24), Duration.ofMinutes(5), List.of(1.1, 3.1, 5.8, 18.3), 1.5,
                new DistressCallRule.Params(3_000, List.of("迷路", "被困", "走不出来", "lost", "trapped")),
                new OffTrailStationaryRule.Params(100, Duration.ofMinutes(20), 3, 50, 100),
                new AfterDarkRule.Params(Duration.ofMinutes(30), Duration.ofHours(2)),
                new SignalLostRule.Params(Duration.ofMinutes(45), Duration.ofHours(3)));
    }

    /** Option names understood by {@link #withOverrides(Map)}, with what they set. */
    public static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("hiker.areaBufferM", "metres around a MOUNTAIN_AREA that count as on the mountain"),
            Map.entry("hiker.callAccuracyCapM", "most of a call's accuracyM added to the area buffer"),
            Map.entry("hiker.offTrailMarginM", "metres beyond a trail's corridor that count as off trail"),
            Map.entry("hiker.stillMinutes", "minutes a device must stay still off trail"),
            Map.entry("hiker.stillMinFixes", "fixes needed inside that window"),
            Map.entry("hiker.stillRadiusM", "metres from the centroid the fixes must stay within"),
            Map.entry("hiker.trackAccuracyMaxM", "fixes less accurate than this only count as seen"),
            Map.entry("hiker.afterSunsetMinutes", "minutes after sunset for after-dark"),
            Map.entry("hiker.afterDarkMinInsideMinutes", "minutes on the mountain needed for after-dark"),
            Map.entry("hiker.signalLostMinutes", "silence before signal-lost"),
            Map.entry("hiker.signalLostInGapMinutes", "silence before signal-lost when last seen in a coverage gap"),
            Map.entry("hiker.stateTtlHours", "hours a silent device's state is kept"),
            Map.entry("hiker.searchRadiiKm", "comma-separated search ring radii in km (4 values)"),
            Map.entry("hiker.searchWalkingKmh", "walking speed capping the search rings"));

    /**
     * @throws IllegalArgumentException naming the option when a value does not parse or is out of range
     */
    public HikerRuleParams withOverrides(Map<String, String> options) {
        HikerRuleParams p = this;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().startsWith("hiker.")) {
                continue;
            }
            if (!OPTIONS.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown option " + e.getKey() + " (known: "
                        + String.join(", ", new TreeSet<>(OPTIONS.keySet())) + ")");
            }
            try {
                p = p.with(e.getKey(), e.getValue().trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("option " + e.getKey() + " needs a number, got '" + e.getValue() + "'");
            }
        }
        return p;
    }

    private HikerRuleParams with(String key, String v) {
        DistressCallRule.Params d = distressCall;
        OffTrailStationaryRule.Params o = offTrailStationary;
        AfterDarkRule.Params a = afterDark;
        SignalLostRule.Params s = signalLost;
        return switch (key) {
            case "hiker.areaBufferM" -> new HikerRuleParams(Double.parseDouble(v), stateTtl, maxStateLead, searchRadiiKm,
                    searchWalkingKmh, d, o, a, s);
            case "hiker.stateTtlHours" -> new HikerRuleParams(areaBufferM,
                    Duration.ofMinutes(Math.round(Double.parseDouble(v) * 60)), maxStateLead, searchRadiiKm,
                    searchWalkingKmh, d, o, a, s);
            case "hiker.searchRadiiKm" -> new HikerRuleParams(areaBufferM, stateTtl, maxStateLead,
                    Arrays.stream(v.split(",")).map(String::trim).map(Double::valueOf).toList(), searchWalkingKmh, d, o, a, s);
            case "hiker.searchWalkingKmh" -> new HikerRuleParams(areaBufferM, stateTtl, maxStateLead, searchRadiiKm,
                    Double.parseDouble(v), d, o, a, s);
            case "hiker.callAccuracyCapM" -> rules(new DistressCallRule.Params(Double.parseDouble(v), d.keywords()), o, a, s);
            case "hiker.offTrailMarginM" -> rules(d, new OffTrailStationaryRule.Params(Double.parseDouble(v), o.stillWindow(),
                    o.stillMinFixes(), o.stillRadiusM(), o.trackAccuracyMaxM()), a, s);
            case "hiker.stillMinutes" -> rules(d, new OffTrailStationaryRule.Params(o.offTrailMarginM(), minutes(v),
                    o.stillMinFixes(), o.stillRadiusM(), o.trackAccuracyMaxM()), a, s);
            case "hiker.stillMinFixes" -> rules(d, new OffTrailStationaryRule.Params(o.offTrailMarginM(), o.stillWindow(),
                    Integer.parseInt(v), o.stillRadiusM(), o.trackAccuracyMaxM()), a, s);
            case "hiker.stillRadiusM" -> rules(d, new OffTrailStationaryRule.Params(o.offTrailMarginM(), o.stillWindow(),
                    o.stillMinFixes(), Double.parseDouble(v), o.trackAccuracyMaxM()), a, s);
            case "hiker.trackAccuracyMaxM" -> rules(d, new OffTrailStationaryRule.Params(o.offTrailMarginM(), o.stillWindow(),
                    o.stillMinFixes(), o.stillRadiusM(), Double.parseDouble(v)), a, s);
            case "hiker.afterSunsetMinutes" -> rules(d, o, new AfterDarkRule.Params(minutes(v), a.minInside()), s);
            case "hiker.afterDarkMinInsideMinutes" -> rules(d, o, new AfterDarkRule.Params(a.afterSunset(), minutes(v)), s);
            case "hiker.signalLostMinutes" -> rules(d, o, a, new SignalLostRule.Params(minutes(v), s.inGapTimeout()));
            default -> rules(d, o, a, new SignalLostRule.Params(s.timeout(), minutes(v)));
        };
    }

    private HikerRuleParams rules(DistressCallRule.Params d, OffTrailStationaryRule.Params o, AfterDarkRule.Params a,
                                  SignalLostRule.Params s) {
        return new HikerRuleParams(areaBufferM, stateTtl, maxStateLead, searchRadiiKm, searchWalkingKmh, d, o, a, s);
    }

    private static Duration minutes(String v) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 60_000));
    }
}
