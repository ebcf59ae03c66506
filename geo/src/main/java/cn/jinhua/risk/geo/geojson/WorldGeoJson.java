package cn.jinhua.risk.geo.geojson;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.Trail;
import cn.jinhua.risk.geo.model.WaterQualityStation;
import cn.jinhua.risk.geo.model.WorldFeature;
import cn.jinhua.risk.geo.model.Zone;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a loaded world as one GeoJSON FeatureCollection in the format the world loader reads
 * ({@code seeds/README.md}): every feature in the world's order, with its {@code id} on the
 * Feature and in the properties, and exactly the properties the loader reads for its type, under
 * the loader's names ({@code team} of a PLANT, not the model's {@code teamId}). Loading the output
 * again gives the same features. Values are plain maps, lists, strings, numbers and booleans, so
 * any JSON writer can serialize them.
 *
 * <p>Thread-safe and stateless.
 */
public final class WorldGeoJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorldGeoJson() {
    }

    /** The world as a FeatureCollection of plain values. */
    public static Map<String, Object> featureCollection(World world) {
        List<Object> features = new ArrayList<>();
        for (WorldFeature f : world.features()) {
            features.add(feature(f));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", "FeatureCollection");
        root.put("features", features);
        return root;
    }

    /** One feature as the world files hold it (what a live {@code world-upsert} carries). */
    public static Map<String, Object> feature(WorldFeature f) {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("type", "Feature");
        feature.put("id", f.id());
        feature.put("geometry", GeoJsonGeometries.write(f.geometry()));
        feature.put("properties", properties(f));
        return feature;
    }

    /** {@link #featureCollection} as JSON text. */
    public static String toJson(World world) {
        try {
            return JSON.writeValueAsString(featureCollection(world));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a world of plain values always serializes", e);
        }
    }

    private static Map<String, Object> properties(WorldFeature f) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", f.id());
        p.put("type", f.type().name());
        p.put("scenario", f.scenario() == null ? null : f.scenario().name());
        p.put("name", f.name());
        p.put("nameZh", f.nameZh());
        if (f instanceof Zone z) {
            if (z.hazard() != null) {
                p.put("hazard", z.hazard().name());
            }
        } else if (f instanceof Trail t) {
            p.put("corridorM", t.corridorM());
            if (t.closed()) {
                p.put("closed", true);
            }
        } else if (f instanceof Team t) {
            p.put("role", t.role().name());
            if (t.level() != null) {
                p.put("level", t.level().name());
            }
            p.put("persons", t.persons());
            p.put("skills", t.skills());
        } else if (f instanceof Plant pl) {
            p.put("gateRampCm", pl.gateRampCm());
            p.put("gateSensor", pl.gateSensor());
            p.put("poolId", pl.poolId());
            p.put("team", pl.teamId());
        } else if (f instanceof Tank t) {
            p.put("plantId", t.plantId());
            p.put("capacityM3", t.capacityM3());
            p.put("depthM", t.depthM());
            p.put("highPct", t.highPct());
            p.put("highHighPct", t.highHighPct());
            p.put("readinessMaxPct", t.readinessMaxPct());
            p.put("levelSensor", t.levelSensor());
        } else if (f instanceof Pipe pi) {
            p.put("fromTank", pi.fromTank());
            p.put("toTank", pi.toTank());
            p.put("maxFlowM3h", pi.maxFlowM3h());
            p.put("bidirectional", pi.bidirectional());
        } else if (f instanceof CreekReservoir r) {
            p.put("capacityM3", r.capacityM3());
            p.put("depthM", r.depthM());
            p.put("levelSensor", r.levelSensor());
        } else if (f instanceof Sluice s) {
            p.put("role", s.role().name());
            p.put("positionSensor", s.positionSensor());
        } else if (f instanceof WaterQualityStation w) {
            p.put("position", w.position().name());
            p.put("sensors", w.sensors());
        } else if (f instanceof Sensor s) {
            p.put("kind", s.kind().name());
            p.put("unit", s.unit());
            p.put("siteId", s.siteId());
            if (s.min() != null) {
                p.put("min", s.min());
            }
            if (s.max() != null) {
                p.put("max", s.max());
            }
        }
        // Creeks and places carry nothing beyond geometry, names and type.
        return p;
    }
}
