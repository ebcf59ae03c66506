package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.GeoJsonGeometries;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.load.WorldSource;
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
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link World} that can travel inside a Flink job graph. {@code World} holds JTS indexes and is
 * not serializable, so the snapshot keeps the world as GeoJSON text (every feature with every
 * property the loader reads) and rebuilds the world lazily, once per JVM copy, on first use. The
 * rebuilt world goes through the loader's validation again, which a world that loaded once passes.
 *
 * <p>Thread-safe: the lazy rebuild is synchronized; the rebuilt world is immutable.
 */
public final class WorldSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String geoJson;
    private transient volatile World world;

    private WorldSnapshot(String geoJson, World world) {
        this.geoJson = geoJson;
        this.world = world;
    }

    /** Captures a loaded world. */
    public static WorldSnapshot of(World world) {
        return new WorldSnapshot(toGeoJson(world), world);
    }

    /** The world, rebuilt from the snapshot on first use after deserialization. */
    public World world() {
        World w = world;
        if (w == null) {
            synchronized (this) {
                w = world;
                if (w == null) {
                    w = WorldLoader.load(List.of(new WorldSource("world-snapshot.geojson", geoJson)));
                    world = w;
                }
            }
        }
        return w;
    }

    /** The world as one GeoJSON FeatureCollection, in the format the world loader reads. */
    static String toGeoJson(World world) {
        List<Object> features = new ArrayList<>();
        for (WorldFeature f : world.features()) {
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("geometry", GeoJsonGeometries.write(f.geometry()));
            feature.put("properties", properties(f));
            features.add(feature);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", "FeatureCollection");
        root.put("features", features);
        try {
            return JSON.writeValueAsString(root);
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
