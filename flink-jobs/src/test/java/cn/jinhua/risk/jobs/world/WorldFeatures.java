package cn.jinhua.risk.jobs.world;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import cn.jinhua.risk.geo.load.WorldLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GeoJSON features for world changes in tests: seed features with properties changed, and new zones. */
public final class WorldFeatures {
    public static final World SEED = WorldLoader.loadClasspath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorldFeatures() {
    }

    /** A seed feature as GeoJSON, with these properties set (a null value removes one). */
    @SuppressWarnings("unchecked")
    public static String seed(String id, Object... nameValuePairs) {
        List<Map<String, Object>> features = (List<Map<String, Object>>) WorldGeoJson.featureCollection(SEED).get("features");
        Map<String, Object> f = features.stream().filter(m -> id.equals(m.get("id"))).findFirst().orElseThrow();
        Map<String, Object> props = new LinkedHashMap<>((Map<String, Object>) f.get("properties"));
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            props.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        Map<String, Object> copy = new LinkedHashMap<>(f);
        copy.put("properties", props);
        return write(copy);
    }

    /** A new feature of the lost-person scenario with a rectangular polygon from (lon0, lat0) to (lon1, lat1). */
    public static String area(String id, String type, double lon0, double lat0, double lon1, double lat1) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + lon0
                + "," + lat0 + "],[" + lon1 + "," + lat0 + "],[" + lon1 + "," + lat1 + "],[" + lon0 + "," + lat1 + "],["
                + lon0 + "," + lat0 + "]]]},\"properties\":{\"id\":\"" + id + "\",\"type\":\"" + type
                + "\",\"scenario\":\"LOST_PERSON\",\"name\":\"" + id + "\"}}";
    }

    /** A risk.control change of one feature (a JSON object's text). */
    public static String upsert(String changeId, String feature, String expiresAt) {
        return "{\"changeId\":\"" + changeId + "\",\"kind\":\"world-upsert\",\"by\":\"dispatcher-li\","
                + "\"at\":\"2026-12-18T11:30:00+08:00\",\"feature\":" + feature
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
