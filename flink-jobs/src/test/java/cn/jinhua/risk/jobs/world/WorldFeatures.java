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

    /**
     * A plant that joins the park: wy-e11, east of wy-e05, with its pool wy-e11-pool (as wy-e05's:
     * 4.0 m deep, high at 80 %), its level and gate sensors, its enterprise team and a pipe to
     * wy-e05-pool. Each refers to another, so only all together make a valid world.
     */
    public static List<String> newPlant() {
        return newPlant("wy-e11", true);
    }

    /**
     * A plant east of wy-e05 as {@link #newPlant()} has it, named {@code id} (its pool {@code id-pool},
     * sensors {@code id-pool-level} and {@code id-gate-depth}, team {@code tm-id}), its pool piped to
     * wy-e05-pool ({@code wy-pipe-05-id}) or not.
     */
    public static List<String> newPlant(String id, boolean piped) {
        double east = 0.0026;
        List<String> out = new java.util.ArrayList<>(List.of(
                moved("wy-e05", id, east, "gateSensor", id + "-gate-depth", "poolId", id + "-pool", "team", "tm-" + id),
                moved("wy-e05-pool", id + "-pool", east, "plantId", id, "levelSensor", id + "-pool-level"),
                moved("wy-e05-pool-level", id + "-pool-level", east, "siteId", id + "-pool"),
                moved("wy-e05-gate-depth", id + "-gate-depth", east, "siteId", id),
                moved("tm-wy-e05", "tm-" + id, east)));
        if (piped) {
            out.add(moved("wy-pipe-04-05", "wy-pipe-05-" + id, east, "fromTank", "wy-e05-pool", "toTank", id + "-pool"));
        }
        return out;
    }

    /**
     * A third sluice on Jinzhu Creek, wy-sluice-mid, west of the downstream one, with its position
     * sensor wy-sluice-mid-pos: each refers to the other.
     */
    public static List<String> newSluice() {
        return List.of(
                moved("wy-sluice-down", "wy-sluice-mid", -0.005, "positionSensor", "wy-sluice-mid-pos"),
                moved("wy-sluice-down-pos", "wy-sluice-mid-pos", -0.005, "siteId", "wy-sluice-mid"));
    }

    /** A seed feature copied under another id, {@code eastDeg} degrees further east, with these properties set. */
    @SuppressWarnings("unchecked")
    public static String moved(String seedId, String id, double eastDeg, Object... nameValuePairs) {
        Object[] pairs = new Object[nameValuePairs.length + 4];
        pairs[0] = "id";
        pairs[1] = id;
        pairs[2] = "name";
        pairs[3] = id;
        System.arraycopy(nameValuePairs, 0, pairs, 4, nameValuePairs.length);
        try {
            Map<String, Object> f = JSON.readValue(seed(seedId, pairs), Map.class);
            f.put("id", id);
            Map<String, Object> g = (Map<String, Object>) f.get("geometry");
            g.put("coordinates", shifted(g.get("coordinates"), eastDeg));
            return write(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Coordinates (a position or nested arrays of them) moved east. */
    @SuppressWarnings("unchecked")
    private static Object shifted(Object coordinates, double eastDeg) {
        List<Object> c = (List<Object>) coordinates;
        if (!c.isEmpty() && c.get(0) instanceof Number lon) {
            List<Object> out = new java.util.ArrayList<>(c);
            out.set(0, lon.doubleValue() + eastDeg);
            return out;
        }
        return c.stream().map(x -> shifted(x, eastDeg)).toList();
    }

    /** A risk.control change of several features together: put in {@code features}, take out {@code deleteIds}. */
    public static String batch(String changeId, List<String> features, List<String> deleteIds) {
        return "{\"changeId\":\"" + changeId + "\",\"kind\":\"world-batch\",\"by\":\"officer-wu\","
                + "\"at\":\"2026-12-18T11:30:00+08:00\",\"features\":[" + String.join(",", features) + "],\"deleteIds\":"
                + write(deleteIds) + "}";
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
