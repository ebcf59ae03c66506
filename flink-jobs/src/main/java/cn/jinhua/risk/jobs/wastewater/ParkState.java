package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the wastewater rules remember for one park (or creek reach): bounded by the number of
 * sensors of the world, not by time. Trend windows are trimmed on every reading; marks of open
 * conditions are removed when the condition clears. A POJO for Flink's serializer; not thread-safe
 * (Flink keyed state is accessed by one thread).
 */
public class ParkState implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Newest event time per sensor: a reading at it is a duplicate, one before it arrived out of
     * order and only feeds the sensor's history.
     */
    public Map<String, Long> lastTs = new HashMap<>();
    /** Newest reading per sensor. */
    public Map<String, Sample> latest = new HashMap<>();
    /**
     * Recent readings per sensor whose history a rule reads (pool and creek levels: trends and
     * transfer plans; upstream water quality: the reference of a downstream one), oldest first,
     * out-of-order readings included ({@link LevelTrend#slide}).
     */
    public Map<String, Samples> windows = new HashMap<>();
    /** Open conditions: "rule|subject[|parameter]" → the severity or response level alerted. */
    public Map<String, String> open = new HashMap<>();
    /** Pools above their readiness fill: tank id → first reading above it. */
    public Map<String, Sample> aboveReadinessSince = new HashMap<>();
    /** Downstream quality sensors over their limit: sensor id → the consecutive readings over it. */
    public Map<String, Samples> exceedances = new HashMap<>();

    public ParkState() {
    }

    /** The key of an open condition in {@link #open}. */
    static String openKey(String ruleId, String subjectId) {
        return ruleId + "|" + subjectId;
    }

    List<Sample> window(String sensorId) {
        return windows.computeIfAbsent(sensorId, k -> new Samples()).items;
    }

    /**
     * The newest reading of a sensor at or before {@code cutoff} that this state holds, or null.
     * Looked up as of the out-of-orderness bound before a reading of another sensor, the answer does
     * not depend on how the two sensors' records interleaved (wastewater/DESIGN.md).
     */
    Sample asOf(String sensorId, long cutoff) {
        Sample best = null;
        Samples history = windows.get(sensorId);
        if (history != null) {
            for (Sample x : history.items) {
                if (x.getTsMillis() <= cutoff) {
                    best = x;
                }
            }
        }
        // State restored from a build that kept no history for upstream references has the latest only.
        Sample newest = latest.get(sensorId);
        if (newest != null && newest.getTsMillis() <= cutoff && (best == null || newest.getTsMillis() > best.getTsMillis())) {
            best = newest;
        }
        return best;
    }
}
