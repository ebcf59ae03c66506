package cn.jinhua.risk.jobs.rules.hiker;

/** The stable ids and versions of the lost-person rules (SPEC §4). */
public final class HikerRules {
    public static final String DISTRESS_CALL = "hiker.distress-call";
    public static final String OFF_TRAIL_STATIONARY = "hiker.off-trail-stationary";
    public static final String AFTER_DARK = "hiker.after-dark";
    public static final String SIGNAL_LOST = "hiker.signal-lost";
    public static final int VERSION = 1;
    public static final String SCENARIO = "LOST_PERSON";

    private HikerRules() {
    }

    public static String deviceIncident(String deviceId) {
        return "LOST_PERSON:device:" + deviceId;
    }

    public static String callIncident(String callId) {
        return "LOST_PERSON:call:" + callId;
    }
}
