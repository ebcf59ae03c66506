package cn.jinhua.risk.api.live;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Live stream settings ({@code risk.live.*}).
 *
 * @param blockSize how many sequence numbers a process reserves at a time (a reservation is two
 *     round trips under the numbering lock; numbers left unused at a restart are only a gap)
 * @param subscriberBuffer events buffered per slow subscriber before it is cut off (it then
 *     reconnects with Last-Event-ID and catches up from the store, losing nothing)
 * @param heartbeat interval of the keep-alive "ping" events that keep proxies from closing idle streams
 */
@ConfigurationProperties("risk.live")
public record LiveProperties(@Min(1) @Bindable(defaultValue = "100000") int blockSize,
                             @Min(16) @Bindable(defaultValue = "50000") int subscriberBuffer,
                             @NotNull @Bindable(defaultValue = "20s") Duration heartbeat) {
}
