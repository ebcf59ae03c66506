package cn.jinhua.risk.jobs.world;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.load.WorldSource;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The world the job's operators work with, as it travels inside the job graph: {@code World}
 * holds JTS indexes and is not serializable, so the snapshot carries the world's GeoJSON
 * ({@link WorldGeoJson}) and rebuilds the world on first use on the task manager. The world folder
 * is read once, on the client: task managers need neither the folder nor the packaged seed world.
 * The rebuilt world passes the loader's validation again, which a world that loaded once passes.
 * Operators of one JVM (class loader) that carry the same text share one rebuilt world.
 *
 * <p>Thread-safe: the rebuilt world is immutable and the cache is concurrent.
 */
public final class WorldSnapshot implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final Map<String, World> REBUILT = new ConcurrentHashMap<>();

    private final String geoJson;
    private transient volatile World world;

    private WorldSnapshot(String geoJson, World world) {
        this.geoJson = geoJson;
        this.world = world;
    }

    /** Captures a loaded world. */
    public static WorldSnapshot of(World world) {
        return new WorldSnapshot(WorldGeoJson.toJson(world), world);
    }

    /**
     * Loads the world folder, or the packaged seed world when {@code dir} is null, and captures it.
     *
     * @throws cn.jinhua.risk.geo.load.WorldLoadException listing every problem of the folder
     */
    public static WorldSnapshot load(String dir) {
        return of(WorldLoader.loadDirectoryOrDefault(dir == null ? null : Path.of(dir)));
    }

    /** The world, rebuilt from the GeoJSON on first use after deserialization. */
    public World world() {
        World w = world;
        if (w == null) {
            w = REBUILT.computeIfAbsent(geoJson,
                    text -> WorldLoader.load(List.of(new WorldSource("world-snapshot.geojson", text))));
            world = w;
        }
        return w;
    }
}
