package cn.jinhua.risk.api.live;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Live stream settings ({@code risk.live.*}).
 *
 * @param subscriberBuffer events buffered per slow subscriber before it is cut off (it then
 *     reconnects with Last-Event-ID and catches up from the store, losing nothing)
 * @param heartbeat interval of the keep-alive "ping" events that keep proxies from closing idle streams
 * @param poll how often a process looks for the publishes of the other API processes (their
 *     changes reach its clients up to this much later than its own)
 * @param gapWait how long a missing publish holds back the later ones before it is closed as empty
 *     (its publisher failed or died); a publish that was only slow is then stored again under a new
 *     number, so this bounds the wait and loses nothing
 */
@ConfigurationProperties("risk.live")
public record LiveProperties(@Min(16) @Bindable(defaultValue = "50000") int subscriberBuffer,
                             @NotNull @Bindable(defaultValue = "20s") Duration heartbeat,
                             @NotNull @Bindable(defaultValue = "100ms") Duration poll,
                             @NotNull @Bindable(defaultValue = "2s") Duration gapWait) {
}
