package cn.jinhua.risk.api.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Accepts the configured static metrics token (env RISK_METRICS_TOKEN) as a bearer token with the
 * single role METRICS, which may read {@code /prometheus} and nothing else: Prometheus cannot log
 * in, and the endpoint stays closed to anonymous callers.
 */
@Singleton
final class MetricsTokenValidator extends StaticTokenValidator {
    MetricsTokenValidator(MetricsProperties props) {
        super(props.token(), "metrics", Roles.METRICS);
    }

    /** @param token the bearer token Prometheus presents (env RISK_METRICS_TOKEN); empty disables it */
    @ConfigurationProperties("risk.metrics")
    record MetricsProperties(@Nullable String token) {
    }
}
