package cn.jinhua.risk.api.lifecycle;

import cn.jinhua.risk.contract.Severity;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How long a dispatched team has to acknowledge before the incident escalates, by severity
 * ({@code docs/api.md} "Escalation": CRITICAL 2 min, HIGH 5, MEDIUM 15, LOW 30), and how often stored incidents are scanned.
 */
@ConfigurationProperties("risk.escalation")
public record EscalationProperties(@NotNull @Bindable(defaultValue = "2m") Duration critical,
                                   @NotNull @Bindable(defaultValue = "5m") Duration high,
                                   @NotNull @Bindable(defaultValue = "15m") Duration medium,
                                   @NotNull @Bindable(defaultValue = "30m") Duration low,
                                   @Bindable(defaultValue = "true") boolean enabled) {

    public Duration ackTimeout(Severity s) {
        switch (s) {
            case CRITICAL:
                return critical;
            case HIGH:
                return high;
            case MEDIUM:
                return medium;
            default:
                return low;
        }
    }
}
