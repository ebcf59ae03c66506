package cn.jinhua.risk.api.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * How long the indices keep what they hold ({@link Retention}); Elasticsearch's own index lifecycle
 * management is not used because the distribution the tests and {@code ./risk} run has none.
 *
 * @param closedIncidents how long a closed incident (RESOLVED or FALSE_ALARM) and its alerts are
 *     kept after its last change; zero keeps them for ever. Open incidents are never deleted.
 * @param liveEvents how many of the newest live-stream events the live index keeps (a client that
 *     resumes from an older event id gets the stream from the oldest kept); zero keeps all
 * @param interval how often the sweep runs
 * @param enabled whether the sweep runs on its schedule
 */
@ConfigurationProperties("risk.retention")
public record RetentionProperties(
        @NotNull @Bindable(defaultValue = "365d") Duration closedIncidents,
        @PositiveOrZero @Bindable(defaultValue = "1000000") long liveEvents,
        @NotNull @Bindable(defaultValue = "1h") Duration interval,
        @Bindable(defaultValue = "true") boolean enabled) {
}
