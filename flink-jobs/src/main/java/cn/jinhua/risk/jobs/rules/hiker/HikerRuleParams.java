package cn.jinhua.risk.jobs.rules.hiker;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Parameters of the four lost-person rules (SPEC §4); {@link #defaults()} are the SPEC values, and
 * {@link #withOverrides(Map)} takes job options such as {@code hiker.signalLostMinutes=30}.
 * Distances in metres, durations as {@link Duration}. Immutable.
 *
 * @param areaBufferM a fix or call within this distance of a MOUNTAIN_AREA counts as on the mountain
 * @param callAccuracyCapM the most of a call's {@code accuracyM} added to {@code areaBufferM}
 *     (a cell-located call 2 km off the edge may still be on the mountain; a 50 km fix is noise)
 * @param offTrailMarginM off trail = farther than the nearest trail's corridorM plus this margin
 * @param stillWindow how long the fixes must stay together
 * @param stillMinFixes how many fixes at least inside {@code stillWindow}
 * @param stillRadiusM how close to their centroid the fixes must stay
 * @param trackAccuracyMaxM fixes less accurate than this (e.g. cell fixes) count as "seen" but are
 *     not used to decide stillness or trail distance
 * @param afterSunset how long after local sunset a device still on the mountain raises after-dark
 * @param afterDarkMinInside how long the device must have been on the mountain by then
 * @param signalLost silence that raises signal-lost
 * @param signalLostInGap silence that raises signal-lost when the last fix was in a COVERAGE_GAP
 * @param stateTtl how long a silent device's state is kept after its last alert or fix
 * @param searchRadiiKm search-area ring radii (Koester 25/50/75/95 %)
 * @param searchWalkingKmh cap on the rings: elapsed time times this speed
 * @param distressKeywords words in a call's text that make it CRITICAL (case-insensitive)
 * @param maxStateLead how far ahead of the watermark a fix may be applied to keyed state; fixes
 *     further ahead (a backlog read while an empty partition still holds the watermark) wait, so
 *     the timer-driven rules never read state from their future
 */
public record HikerRuleParams(double areaBufferM, double callAccuracyCapM, double offTrailMarginM,
                              Duration stillWindow, int stillMinFixes, double stillRadiusM, double trackAccuracyMaxM,
                              Duration afterSunset, Duration afterDarkMinInside, Duration signalLost,
                              Duration signalLostInGap, Duration stateTtl, List<Double> searchRadiiKm,
                              double searchWalkingKmh, List<String> distressKeywords, Duration maxStateLead)
        implements Serializable {

    public HikerRuleParams {
        searchRadiiKm = List.copyOf(searchRadiiKm);
        distressKeywords = List.copyOf(distressKeywords);
        if (areaBufferM < 0 || callAccuracyCapM < 0 || offTrailMarginM < 0 || stillRadiusM <= 0 || trackAccuracyMaxM <= 0) {
            throw new IllegalArgumentException("hiker distances must be positive");
        }
        if (stillMinFixes < 2) {
            throw new IllegalArgumentException("hiker.stillMinFixes must be at least 2");
        }
        for (Duration d : List.of(stillWindow, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl)) {
            if (d.isNegative() || d.isZero() && d != afterSunset) {
                throw new IllegalArgumentException("hiker durations must be positive");
            }
        }
        if (maxStateLead == null || maxStateLead.isNegative()) {
            throw new IllegalArgumentException("maxStateLead must not be negative");
        }
        if (stateTtl.compareTo(signalLostInGap) <= 0 || stateTtl.compareTo(signalLost) <= 0) {
            throw new IllegalArgumentException("hiker.stateTtlHours must exceed the signal-lost timeouts");
        }
    }

    public static HikerRuleParams defaults() {
        return new HikerRuleParams(500, 3_000, 100, Duration.ofMinutes(20), 3, 50, 100,
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofMinutes(45), Duration.ofHours(3),
                Duration.ofHours(24), List.of(1.1, 3.1, 5.8, 18.3), 1.5,
                List.of("迷路", "被困", "走不出来", "lost", "trapped"), Duration.ofMinutes(5));
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
                throw new IllegalArgumentException("unknown option " + e.getKey() + " (known: " + String.join(", ",
                        new java.util.TreeSet<>(OPTIONS.keySet())) + ")");
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
        switch (key) {
            case "hiker.areaBufferM":
                return new HikerRuleParams(Double.parseDouble(v), callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.callAccuracyCapM":
                return new HikerRuleParams(areaBufferM, Double.parseDouble(v), offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.offTrailMarginM":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, Double.parseDouble(v), stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.stillMinutes":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, minutes(v), stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.stillMinFixes":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, Integer.parseInt(v),
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.stillRadiusM":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        Double.parseDouble(v), trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap,
                        stateTtl, searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.trackAccuracyMaxM":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, Double.parseDouble(v), afterSunset, afterDarkMinInside, signalLost, signalLostInGap,
                        stateTtl, searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.afterSunsetMinutes":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, minutes(v), afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.afterDarkMinInsideMinutes":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, minutes(v), signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.signalLostMinutes":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, minutes(v), signalLostInGap, stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.signalLostInGapMinutes":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, minutes(v), stateTtl,
                        searchRadiiKm, searchWalkingKmh, distressKeywords, maxStateLead);
            case "hiker.stateTtlHours":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap,
                        Duration.ofMinutes(Math.round(Double.parseDouble(v) * 60)), searchRadiiKm, searchWalkingKmh,
                        distressKeywords, maxStateLead);
            case "hiker.searchRadiiKm":
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        java.util.Arrays.stream(v.split(",")).map(String::trim).map(Double::valueOf).toList(),
                        searchWalkingKmh, distressKeywords, maxStateLead);
            default:
                return new HikerRuleParams(areaBufferM, callAccuracyCapM, offTrailMarginM, stillWindow, stillMinFixes,
                        stillRadiusM, trackAccuracyMaxM, afterSunset, afterDarkMinInside, signalLost, signalLostInGap, stateTtl,
                        searchRadiiKm, Double.parseDouble(v), distressKeywords, maxStateLead);
        }
    }

    private static Duration minutes(String v) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 60_000));
    }
}
