package cn.jinhua.risk.geo.load;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.FeatureType;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Command line check of a world directory: {@code WorldCheck [DIR]} prints a count of features by
 * type and exits 0, or prints every problem and exits 1. Without DIR it checks the packaged world.
 */
public final class WorldCheck {
    private WorldCheck() {
    }

    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("usage: WorldCheck [DIR]");
            System.exit(2);
        }
        try {
            World world = args.length == 1 ? WorldLoader.loadDirectory(Path.of(args[0])) : WorldLoader.loadClasspath();
            Map<FeatureType, Integer> counts = new EnumMap<>(FeatureType.class);
            world.features().forEach(f -> counts.merge(f.type(), 1, Integer::sum));
            System.out.println("world OK: " + world.features().size() + " features " + counts);
        } catch (WorldLoadException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
