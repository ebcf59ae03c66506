package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.IsoTimes;
import java.util.Arrays;

/**
 * Everything the lost-person rules keep per device (or per call without a device), in Flink keyed
 * state: the last fix, the current stay on the mountain, the current still-off-trail run, the
 * episodes armed in Esper (so a restored operator can re-arm them), the transitions still to be
 * fed to Esper, and what has already fired (so nothing fires twice). A public-field POJO of
 * primitives and short strings so Flink's POJO serializer keeps it well under 1 KB. Not thread-safe.
 */
public class HikerState {
    /** Transition kinds in {@link #pending}. */
    public static final long ARM_STILL = 1;
    public static final long DISARM_STILL = 2;
    public static final long ARM_DARK = 3;
    public static final long DISARM_DARK = 4;
    public static final long TRAIL_OFF = 5;
    public static final long TRAIL_ON = 6;
    /** Entries of {@link #pending}: kind, event time, armId, dueAt. */
    static final int PENDING_STRIDE = 4;

    public long lastTs = Long.MIN_VALUE;
    /**
     * The last fix's timestamp as sent: usually only its {@link IsoTimes#form} (no string
     * kept per fix, which would be garbage promoted into the old generation on every fix), the
     * text itself when it has no form. Read it with {@link #lastTsText()}.
     */
    public int lastTsForm = -1;
    public String lastTsText;
    public double lastLat;
    public double lastLon;
    public double lastAccuracyM = Double.NaN;
    public String lastSource;
    public int lastBatteryPct = -1;
    public boolean lastInArea;
    public boolean lastInGap;
    /** Off trail as of the newest fix. */
    public boolean offTrail;
    /** Off trail as of the operator's event-time clock (the timers): what timer-driven rules read. */
    public boolean offTrailAtClock;

    /** Where the last trail search ran and its signed margin to the off-trail threshold (NaN: none yet). */
    public double trailLat;
    public double trailLon;
    public double trailMarginM = Double.NaN;
    /** The world and margin parameter the trail search ran with ({@code HikerGeo#trailStamp}): under others it runs again. */
    public int trailWorld;

    /** Start of the current stay on the mountain, 0 when not on it. */
    public long enteredAt;
    public long darkDueAt;
    public long darkFiredFor;

    /** Start (first fix) of the current still run, 0 when none. */
    public long stillStart;
    public int stillCount;
    public double stillSumLat;
    public double stillSumLon;
    public long stillDueAt;
    public long stillFiredFor;

    /** The next time the silence watch looks again, 0 when no watch is pending. */
    public long watchAt;
    public long signalLostFiredFor = Long.MIN_VALUE;

    /** Event time of the latest call for this key, Long.MIN_VALUE when none. */
    public long lastCallTs = Long.MIN_VALUE;

    /** The Esper runtime instance this device's episodes are armed in (see LostPersonRulesFunction). */
    public long esperEpoch;

    /** Call ids already alerted for this subject, newest last, comma-separated. */
    public String firedCalls = "";

    /** Transitions waiting for their event-time timer before Esper sees them (see PENDING_STRIDE). */
    public long[] pending = new long[0];

    /** Remembers the newest fix's timestamp text (with {@link #lastTs} already set to its value). */
    void lastTsText(String text) {
        int form = IsoTimes.form(text, lastTs);
        lastTsForm = form;
        lastTsText = form < 0 ? text : null;
    }

    /** The newest fix's timestamp as sent, null before the first fix. */
    public String lastTsText() {
        return lastTsForm >= 0 ? IsoTimes.render(lastTs, lastTsForm) : lastTsText;
    }

    /** The newest fix, for alerts; only valid when {@link #hasFix()}. */
    LostPersonPresenter.Position lastPosition() {
        return new LostPersonPresenter.Position(lastLat, lastLon, lastTs, lastTsText(),
                Double.isNaN(lastAccuracyM) ? null : lastAccuracyM, lastSource, lastBatteryPct);
    }

    public boolean hasFix() {
        return lastTs != Long.MIN_VALUE;
    }

    public boolean stillArmed() {
        return stillDueAt != 0;
    }

    public boolean darkArmed() {
        return darkDueAt != 0;
    }

    void addPending(long kind, long ts, long armId, long dueAt) {
        int n = pending.length;
        pending = Arrays.copyOf(pending, n + PENDING_STRIDE);
        pending[n] = kind;
        pending[n + 1] = ts;
        pending[n + 2] = armId;
        pending[n + 3] = dueAt;
    }

    boolean firedCall(String callId) {
        for (String s : firedCalls.split(",")) {
            if (s.equals(callId)) {
                return true;
            }
        }
        return false;
    }

    /** Remembers a call id; keeps the last eight, which covers any real redelivery window. */
    void rememberCall(String callId) {
        String joined = firedCalls.isEmpty() ? callId : firedCalls + "," + callId;
        String[] parts = joined.split(",");
        if (parts.length > 8) {
            joined = String.join(",", Arrays.copyOfRange(parts, parts.length - 8, parts.length));
        }
        firedCalls = joined;
    }
}
