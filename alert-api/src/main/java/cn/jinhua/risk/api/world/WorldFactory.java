package cn.jinhua.risk.api.world;

import cn.jinhua.risk.api.control.ControlLog;
import cn.jinhua.risk.api.control.ControlProperties;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The world the API reasons about: the world files, from the directory named by
 * {@code risk.world.dir} (env RISK_WORLD_DIR) when set, else the world packaged with the geo
 * library; and the world as the job runs it ({@link LiveWorld}), those files with the live changes
 * the job accepted, when the API follows the control topics.
 */
@Factory
final class WorldFactory {
    @Singleton
    World world(@Nullable @Value("${risk.world.dir:}") String dir) {
        return WorldLoader.loadDirectoryOrDefault(dir == null || dir.isBlank() ? null : Path.of(dir));
    }

    @Singleton
    LiveWorld liveWorld(World files, ControlProperties control, ControlLog log, Clock clock) {
        return control.enabled() ? new LiveWorld(files, () -> log.inTopicOrder(true), clock) : LiveWorld.fixed(files);
    }
}
