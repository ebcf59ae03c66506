package cn.jinhua.risk.api.world;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the recorded world changes every few seconds ({@code risk.world.refresh}, 3 s) into the
 * {@link LiveWorld}, so a change the job accepted is on the map and in dispatch within seconds.
 * While the change log cannot be read (Elasticsearch down), the world in use stays.
 */
@Singleton
final class LiveWorldRefresher {
    private static final Logger LOG = LoggerFactory.getLogger(LiveWorldRefresher.class);
    private final LiveWorld live;
    private boolean failing;

    LiveWorldRefresher(LiveWorld live) {
        this.live = live;
    }

    @Scheduled(fixedDelay = "${risk.world.refresh:3s}", initialDelay = "${risk.world.refresh:3s}")
    void refresh() {
        try {
            live.refresh();
            if (failing) {
                LOG.info("the world changes are read again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot read the world changes; the world in use stays until they can be read: {}", e.getMessage());
                failing = true;
            }
        }
    }
}
