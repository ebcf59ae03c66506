package cn.jinhua.risk.geo;

import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.load.WorldSource;
import java.nio.file.Path;
import java.util.List;

/** Inline GeoJSON for tests. */
final class TestWorlds {
    static final Path SEED_WORLD = Path.of("..", "seeds", "world");

    private TestWorlds() {
    }

    static World seedWorld() {
        return WorldLoader.loadDirectory(SEED_WORLD);
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    /** A feature; {@code props} is the JSON body of extra properties (without braces), may be empty. */
    static String feature(String id, String type, String geometry, String props) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"geometry\":" + geometry
                + ",\"properties\":{\"id\":\"" + id + "\",\"type\":\"" + type
                + "\",\"scenario\":\"" + (type.equals("TRAIL") || type.equals("MOUNTAIN_AREA") || type.equals("COVERAGE_GAP")
                ? "LOST_PERSON" : "WASTEWATER") + "\",\"name\":\"" + id + "\"" + (props.isEmpty() ? "" : "," + props) + "}}";
    }

    static String point(double lon, double lat) {
        return "{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}";
    }

    static String line(double... lonLat) {
        StringBuilder sb = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i < lonLat.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append('[').append(lonLat[i]).append(',').append(lonLat[i + 1]).append(']');
        }
        return sb.append("]}").toString();
    }

    /** A square polygon with corners (lon0, lat0) and (lon1, lat1). */
    static String box(double lon0, double lat0, double lon1, double lat1) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + lon0 + "," + lat0 + "],[" + lon1 + "," + lat0 + "],["
                + lon1 + "," + lat1 + "],[" + lon0 + "," + lat1 + "],[" + lon0 + "," + lat0 + "]]]}";
    }

    static World load(String... features) {
        return WorldLoader.load(List.of(new WorldSource("test.geojson", collection(features))));
    }

    /** A small valid plating world: plant p1 with pool t1 and sensors, team tm1. */
    static String[] platingBase() {
        return new String[] {
            feature("p1", "PLANT", box(119.0, 28.0, 119.001, 28.001),
                    "\"gateRampCm\":12,\"gateSensor\":\"s-gate\",\"poolId\":\"t1\",\"team\":\"tm1\""),
            feature("t1", "TANK", point(119.0005, 28.0005),
                    "\"plantId\":\"p1\",\"capacityM3\":400,\"depthM\":4,\"highPct\":80,\"highHighPct\":95,\"readinessMaxPct\":33,\"levelSensor\":\"s-level\""),
            feature("tm1", "TEAM", point(119.0005, 28.0005), "\"role\":\"ENTERPRISE\",\"level\":\"ENTERPRISE\",\"persons\":3,\"skills\":[]"),
            feature("s-level", "SENSOR", point(119.0005, 28.0005), "\"kind\":\"TANK_LEVEL\",\"unit\":\"M\",\"siteId\":\"t1\""),
            feature("s-gate", "SENSOR", point(119.0005, 28.0005), "\"kind\":\"GATE_WATER_DEPTH\",\"unit\":\"CM\",\"siteId\":\"p1\""),
        };
    }
}
