package cn.jinhua.risk.api.security;

import cn.jinhua.risk.api.metrics.ApiMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.security.event.LoginFailedEvent;

/**
 * Refused logins (wrong password, unknown user) as {@code risk_api_logins_refused_total}: a rise
 * is someone guessing. Counted from the security module's own event, whatever refused the login.
 * Created at startup, so the series exists at zero before the first refusal.
 */
@Context
final class RefusedLogins implements ApplicationEventListener<LoginFailedEvent> {
    private final Counter refused;

    RefusedLogins(MeterRegistry registry) {
        this.refused = Counter.builder(ApiMetrics.LOGINS_REFUSED).description("Logins refused").register(registry);
    }

    @Override
    public void onApplicationEvent(LoginFailedEvent event) {
        refused.increment();
    }
}
