package cn.jinhua.risk.api.support;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import cn.jinhua.risk.geo.load.WorldLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Features of the seed world as GeoJSON in the world files' format, copied under new ids for live changes. */
public final class SeedFeatures {
    public static final World SEED = WorldLoader.loadClasspath();

    private SeedFeatures() {
    }

    /** A seed feature copied under another id, with these properties set (name, value, ...). */
    public static ObjectNode copy(String seedId, String id, String... nameValuePairs) {
        JsonNode all = Json.MAPPER.valueToTree(WorldGeoJson.featureCollection(SEED));
        for (JsonNode f : all.get("features")) {
            if (f.path("properties").path("id").asText().equals(seedId)) {
                ObjectNode c = f.deepCopy();
                c.put("id", id);
                ObjectNode p = (ObjectNode) c.get("properties");
                p.put("id", id);
                for (int i = 0; i < nameValuePairs.length; i += 2) {
                    p.put(nameValuePairs[i], nameValuePairs[i + 1]);
                }
                return c;
            }
        }
        throw new AssertionError("no seed feature " + seedId);
    }

    /**
     * A plant {@code id} as wy-e03 is, with its pool, level and gate sensors and team, all under new
     * ids ({@code id-pool}, {@code id-pool-level}, {@code id-gate-depth}, {@code tm-id}): valid only together.
     */
    public static List<ObjectNode> plant(String id) {
        return List.of(
                copy("wy-e03", id, "gateSensor", id + "-gate-depth", "poolId", id + "-pool", "team", "tm-" + id),
                copy("wy-e03-pool", id + "-pool", "plantId", id, "levelSensor", id + "-pool-level"),
                copy("wy-e03-pool-level", id + "-pool-level", "siteId", id + "-pool"),
                copy("wy-e03-gate-depth", id + "-gate-depth", "siteId", id),
                copy("tm-wy-e03", "tm-" + id));
    }
}
