package cn.jinhua.risk.api.telemetry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Where the API reads what the job publishes for the screens ({@code docs/feeds.md} "What the job
 * publishes") and how long readings are kept.
 *
 * @param enabled read the topics at all (off: no positions and no readings reach the pages)
 * @param bootstrap Kafka bootstrap servers
 * @param groupId consumer group; offsets are committed only after what was read is stored
 * @param readingRetention readings older than this are deleted
 */
@ConfigurationProperties("risk.telemetry")
public record TelemetryProperties(@Bindable(defaultValue = "true") boolean enabled,
                                  @NotBlank @Bindable(defaultValue = "localhost:9092") String bootstrap,
                                  @NotBlank @Bindable(defaultValue = "risk.positions") String positionsTopic,
                                  @NotBlank @Bindable(defaultValue = "risk.readings") String readingsTopic,
                                  @NotBlank @Bindable(defaultValue = "risk-api") String groupId,
                                  @NotNull @Bindable(defaultValue = "7d") Duration readingRetention,
                                  @NotNull @Bindable(defaultValue = "500ms") Duration pollTimeout,
                                  @NotNull @Bindable(defaultValue = "5s") Duration retryDelay) {
}
