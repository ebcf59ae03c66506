package cn.jinhua.risk.api.support;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alert JSON of the contract ({@code docs/alerts.md} "Fields"), for tests; {@link #json()} gives the body. Mutable builder. */
public final class Alerts {
    public static final Instant T0 = Instant.parse("2026-12-29T08:05:00Z");
    private final Map<String, Object> a = new LinkedHashMap<>();

    private Alerts() {
    }

    /** A hiker distress call on Beishan (near Shuanglong Cave). */
    public static Alerts lostPerson(String id, String device) {
        Alerts x = new Alerts();
        x.a.put("id", id);
        x.a.put("ruleId", "hiker.distress-call");
        x.a.put("ruleVersion", 1);
        x.a.put("scenario", "LOST_PERSON");
        x.a.put("severity", "CRITICAL");
        x.a.put("incidentKey", "LOST_PERSON:device:" + device);
        x.a.put("subjectId", device);
        x.a.put("title", "Distress call from the mountain: lost");
        x.a.put("titleZh", "山区求救电话：迷路");
        x.a.put("eventTime", IsoTimes.formatSortable(T0));
        x.a.put("detectedAt", IsoTimes.formatSortable(T0.plusSeconds(2)));
        x.a.put("location", Map.of("lat", 29.2108, "lon", 119.6302));
        x.a.put("zoneIds", List.of("bs-mountain"));
        x.a.put("tier", null);
        x.a.put("responseLevel", null);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("callerId", "13812345678");
        call.put("category", "LOST");
        call.put("text", "我和儿子在山上迷路了，手机快没电了，回拨13912345678");
        x.a.put("evidence", new ArrayList<>(List.of(Map.of("topic", "risk.calls", "key", "call-" + id, "ts", IsoTimes.formatSortable(T0),
                "value", call))));
        x.a.put("recommendation", Map.of());
        x.a.put("searchArea", null);
        x.a.put("predictedOverflowAt", null);
        x.a.put("lastKnownPosition", Map.of("lat", 29.2108, "lon", 119.6302, "ts", IsoTimes.formatSortable(T0), "accuracyM", 30.0, "source", "GPS"));
        x.a.put("nearestTrail", Map.of("id", "bs-trail-1", "name", "Trail", "nameZh", "步道", "distanceM", 420.0));
        return x;
    }

    /** A pool-high alert at plant wy-e03 (level PARK). */
    public static Alerts wastewater(String id, String plant) {
        Alerts x = new Alerts();
        x.a.put("id", id);
        x.a.put("ruleId", "plating.pool-high");
        x.a.put("ruleVersion", 1);
        x.a.put("scenario", "WASTEWATER");
        x.a.put("severity", "HIGH");
        x.a.put("incidentKey", "WASTEWATER:plant:" + plant);
        x.a.put("subjectId", plant + "-pool");
        x.a.put("title", "Emergency pool above high-high level");
        x.a.put("titleZh", "应急池超高液位");
        x.a.put("eventTime", IsoTimes.formatSortable(T0));
        x.a.put("detectedAt", IsoTimes.formatSortable(T0.plusSeconds(1)));
        x.a.put("location", Map.of("lat", 28.9012, "lon", 119.8604));
        x.a.put("zoneIds", List.of("wy-park", plant));
        x.a.put("tier", 1);
        x.a.put("responseLevel", "PARK");
        x.a.put("evidence", List.of(Map.of("topic", "risk.sensors", "key", plant + "-pool-level", "ts", IsoTimes.formatSortable(T0), "value", 3.9)));
        x.a.put("recommendation", Map.of());
        x.a.put("searchArea", null);
        x.a.put("predictedOverflowAt", null);
        x.a.put("lastKnownPosition", null);
        x.a.put("nearestTrail", null);
        return x;
    }

    public Alerts with(String field, Object value) {
        a.put(field, value);
        return this;
    }

    public Alerts without(String field) {
        a.remove(field);
        return this;
    }

    public Map<String, Object> map() {
        return a;
    }

    public String json() {
        try {
            return Json.MAPPER.writeValueAsString(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String batch(List<Alerts> alerts) {
        try {
            return Json.MAPPER.writeValueAsString(alerts.stream().map(Alerts::map).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
