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

    /** Last event time processed per sensor: a reading at or before it is a duplicate. */
    public Map<String, Long> lastTs = new HashMap<>();
    /** Latest reading per sensor (pool levels for transfer plans, upstream quality). */
    public Map<String, Sample> latest = new HashMap<>();
    /** Trend window per level sensor, oldest first. */
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
}
