package cn.jinhua.risk.api.control;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Where the API sends live changes of the rules and the world and reads the job's verdicts
 * ({@code docs/rules.md} "Changing rules live", {@code docs/contract/control.schema.json}).
 *
 * @param enabled follow the two topics (off: changes are still sent, but no verdict is recorded)
 * @param bootstrap Kafka bootstrap servers
 * @param changesTopic the topic of changes, read by the job
 * @param resultsTopic the job's verdicts, one per change
 * @param groupId consumer group of the follower; offsets are committed after recording
 * @param sendTimeout how long a change may wait for the broker's acknowledgement before the request fails (503)
 */
@ConfigurationProperties("risk.control")
public record ControlProperties(@Bindable(defaultValue = "true") boolean enabled,
                                @NotBlank @Bindable(defaultValue = "localhost:9092") String bootstrap,
                                @NotBlank @Bindable(defaultValue = "risk.control") String changesTopic,
                                @NotBlank @Bindable(defaultValue = "risk.control.results") String resultsTopic,
                                @NotBlank @Bindable(defaultValue = "risk-api-control") String groupId,
                                @NotNull @Bindable(defaultValue = "10s") Duration sendTimeout,
                                @NotNull @Bindable(defaultValue = "500ms") Duration pollTimeout,
                                @NotNull @Bindable(defaultValue = "5s") Duration retryDelay) {
}
