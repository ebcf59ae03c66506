package cn.jinhua.risk.jobs.lostperson;

import com.espertech.esper.common.client.EventBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The events the lost-person operator feeds to Esper for the two episode rules
 * ({@link OffTrailStationaryRule}, {@link AfterDarkRule}): one arm when a rule's condition starts
 * to hold, with how long it must keep holding, and one disarm when it stops. {@code armId}
 * identifies the episode (its start, epoch milliseconds), so a late disarm never cancels a newer
 * episode. Each rule's pattern, beside the rule, matches an arm that no disarm of the same episode
 * followed within its wait. Stateless.
 */
final class HikerEpisodes {
    static final String ARMED = "HikerArmed";
    static final String DISARMED = "HikerDisarmed";

    static final String SCHEMA = """
            @public @buseventtype create map schema HikerArmed(deviceId string, rule string, armId long, dueAt long, waitMs long);
            @public @buseventtype create map schema HikerDisarmed(deviceId string, rule string, armId long);
            """;

    /** An armed episode that held for its whole wait. */
    record Match(String rule, String deviceId, long armId, long dueAt) {
        static Match of(EventBean e) {
            return new Match((String) e.get("rule"), (String) e.get("deviceId"), (Long) e.get("armId"), (Long) e.get("dueAt"));
        }
    }

    private HikerEpisodes() {
    }

    static Map<String, Object> armed(String rule, String deviceId, long armId, long dueAt, long waitMs) {
        Map<String, Object> ev = new HashMap<>(8);
        ev.put("deviceId", deviceId);
        ev.put("rule", rule);
        ev.put("armId", armId);
        ev.put("dueAt", dueAt);
        ev.put("waitMs", waitMs);
        return ev;
    }

    static Map<String, Object> disarmed(String rule, String deviceId, long armId) {
        Map<String, Object> ev = new HashMap<>(6);
        ev.put("deviceId", deviceId);
        ev.put("rule", rule);
        ev.put("armId", armId);
        return ev;
    }
}
