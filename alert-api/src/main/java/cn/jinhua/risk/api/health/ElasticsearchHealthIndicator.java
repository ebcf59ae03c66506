package cn.jinhua.risk.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reports Elasticsearch in {@code /health}: UP when the cluster answers green or yellow, DOWN
 * (so /health answers 503) when it is red, unreachable or slow, with the reason.
 */
@Singleton
@Readiness
final class ElasticsearchHealthIndicator implements HealthIndicator {
    private final ClusterHealthRepository cluster;

    ElasticsearchHealthIndicator(ClusterHealthRepository cluster) {
        this.cluster = cluster;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::check).subscribeOn(Schedulers.boundedElastic());
    }

    private HealthResult check() {
        HealthResult.Builder b = HealthResult.builder("elasticsearch");
        try {
            ClusterHealthRepository.ClusterState s = cluster.state();
            boolean up = !"red".equals(s.status());
            return b.status(up ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of("cluster", s.clusterName(), "status", s.status(), "nodes", s.nodes())).build();
        } catch (RuntimeException e) {
            return b.status(HealthStatus.DOWN).details(Map.of("error", String.valueOf(e.getMessage()))).build();
        }
    }
}
