package cn.jinhua.risk.api.world;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * The world the API reasons about: the directory named by {@code risk.world.dir} (env
 * RISK_WORLD_DIR) when set, else the world packaged with the geo library.
 */
@Factory
final class WorldFactory {
    @Singleton
    World world(@Nullable @Value("${risk.world.dir:}") String dir) {
        return WorldLoader.loadDirectoryOrDefault(dir == null || dir.isBlank() ? null : Path.of(dir));
    }
}
