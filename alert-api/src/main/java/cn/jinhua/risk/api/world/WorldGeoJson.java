package cn.jinhua.risk.api.world;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.GeoJsonGeometries;
import cn.jinhua.risk.geo.model.WorldFeature;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes the loaded world back as one GeoJSON FeatureCollection (plain maps) for the maps of the
 * pages: every feature with its id, type and record fields as properties. Stateless.
 */
final class WorldGeoJson {
    private WorldGeoJson() {
    }

    static Map<String, Object> featureCollection(World world) {
        List<Object> features = new ArrayList<>();
        for (WorldFeature f : world.features()) {
            features.add(feature(f));
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("features", features);
        return fc;
    }

    private static Map<String, Object> feature(WorldFeature f) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", f.id());
        props.put("type", f.type().name());
        for (RecordComponent rc : f.getClass().getRecordComponents()) {
            if (Geometry.class.isAssignableFrom(rc.getType()) || "id".equals(rc.getName())) {
                continue;
            }
            props.put(rc.getName(), plain(read(rc, f)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "Feature");
        out.put("id", f.id());
        out.put("geometry", GeoJsonGeometries.write(f.geometry()));
        out.put("properties", props);
        return out;
    }

    private static Object read(RecordComponent rc, Object record) {
        try {
            return rc.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + rc.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(plain(o));
            }
            return out;
        }
        return v.toString();
    }
}
