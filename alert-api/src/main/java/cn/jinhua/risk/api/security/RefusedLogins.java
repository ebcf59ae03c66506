package cn.jinhua.risk.api.security;

import cn.jinhua.risk.api.metrics.ApiMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * Refused logins (wrong password, unknown user, throttled) as {@code risk_api_logins_refused_total}:
 * a rise is someone guessing. Counted by {@link LoginService}, which refuses them itself rather than
 * through the security module's login handler. Created at startup, so the series exists at zero
 * before the first refusal. Thread-safe.
 */
@Context
final class RefusedLogins {
    private final Counter refused;

    RefusedLogins(MeterRegistry registry) {
        this.refused = Counter.builder(ApiMetrics.LOGINS_REFUSED).description("Logins refused").register(registry);
    }

    void count() {
        refused.increment();
    }
}
