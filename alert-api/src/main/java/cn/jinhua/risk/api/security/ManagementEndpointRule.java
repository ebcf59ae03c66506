package cn.jinhua.risk.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.IpPatternsRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The management endpoints ({@code /beans}, {@code /routes}, {@code /threaddump}, {@code /loggers},
 * {@code /refresh}, ...) are for ADMIN alone, and {@code /prometheus} also for the METRICS role
 * (Prometheus's static token): anonymous callers get 401, other roles 403. Health is
 * the one endpoint configured as not sensitive ({@code endpoints.health.sensitive: false}) and stays
 * open to anyone, for load balancers and {@code ./risk status}.
 *
 * <p>Runs before every other rule: the URL map lets anonymous GETs through for the pages and would
 * otherwise decide first. Thread-safe.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
final class ManagementEndpointRule extends SensitiveEndpointRule {
    static final int ORDER = IpPatternsRule.ORDER - 100;
    /** The one management endpoint the METRICS role (Prometheus's static token) may read. */
    private static final String PROMETHEUS = "/prometheus";

    ManagementEndpointRule(EndpointSensitivityProcessor processor) {
        super(processor);
    }

    @Override
    protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(HttpRequest<?> request, Authentication authentication,
                                                                        ExecutableMethod<?, ?> method) {
        boolean allowed = authentication.getRoles().contains(Roles.ADMIN)
                || (authentication.getRoles().contains(Roles.METRICS) && PROMETHEUS.equals(request.getPath()));
        return Mono.just(allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
