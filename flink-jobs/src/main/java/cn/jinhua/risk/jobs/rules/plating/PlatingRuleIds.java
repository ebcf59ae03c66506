package cn.jinhua.risk.jobs.rules.plating;

/** Stable ids and the version of the plating-park (wastewater) rules, SPEC §4. */
public final class PlatingRuleIds {
    public static final String POOL_HIGH = "plating.pool-high";
    public static final String POOL_OVERFLOW_FORECAST = "plating.pool-overflow-forecast";
    public static final String POOL_NOT_READY = "plating.pool-not-ready";
    public static final String ENCLOSURE_WATER = "plating.enclosure-water";
    public static final String CREEK_CONTAMINATION = "plating.creek-contamination";
    public static final String SLUICE_NOT_CLOSED = "plating.sluice-not-closed";
    public static final String CREEK_SPACE_FILLING = "plating.creek-space-filling";
    /** Bumped when a rule's meaning changes, so that ids of the new meaning differ. */
    public static final int VERSION = 1;
    public static final String SCENARIO = "WASTEWATER";
    public static final String TOPIC_SENSORS = "risk.sensors";

    private PlatingRuleIds() {
    }

    public static String plantIncident(String plantId) {
        return "WASTEWATER:plant:" + plantId;
    }

    public static String creekIncident(String reservoirId) {
        return "WASTEWATER:creek:" + reservoirId;
    }
}
