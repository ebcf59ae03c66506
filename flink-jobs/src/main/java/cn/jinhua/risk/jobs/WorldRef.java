package cn.jinhua.risk.jobs;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A serializable reference to the world an operator works with: a directory of GeoJSON files, or
 * the packaged seed world when {@code dir} is null. Operators resolve it in {@code open()}; the
 * loaded world is shared by all subtasks of a JVM (it is immutable and thread-safe).
 */
public record WorldRef(String dir) implements Serializable {
    private static final Map<String, World> LOADED = new ConcurrentHashMap<>();

    public static WorldRef packaged() {
        return new WorldRef(null);
    }

    public World load() {
        return LOADED.computeIfAbsent(dir == null ? "" : dir,
                d -> d.isEmpty() ? WorldLoader.loadClasspath() : WorldLoader.loadDirectory(Path.of(d)));
    }
}
