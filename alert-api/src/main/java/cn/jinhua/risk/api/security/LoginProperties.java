package cn.jinhua.risk.api.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Login throttling ({@code risk.security.login}): after {@code maxFailuresPerUser} failed logins of
 * one user name, or {@code maxFailuresPerAddress} from one client address, within {@code window},
 * further logins of that name or from that address get 429 until the oldest failure is older than
 * the window. {@code maxTracked} bounds the names and addresses remembered.
 */
@ConfigurationProperties("risk.security.login")
public record LoginProperties(@Bindable(defaultValue = "5") @Min(1) int maxFailuresPerUser,
                             @Bindable(defaultValue = "20") @Min(1) int maxFailuresPerAddress,
                             @Bindable(defaultValue = "5m") Duration window,
                             @Bindable(defaultValue = "100000") @Min(100) int maxTracked) {
}
