package cn.jinhua.risk.api.health;

import cn.jinhua.risk.api.store.ElasticsearchErrors;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Cluster health via {@code GET /_cluster/health}: the integ-test server answers 405 to
 * {@code GET /}, so ping/info cannot serve as a health check.
 */
@Singleton
final class ElasticsearchClusterHealthRepository implements ClusterHealthRepository {
    private final ElasticsearchClient client;

    ElasticsearchClusterHealthRepository(ElasticsearchClient client) {
        this.client = client;
    }

    @Override
    public ClusterState state() {
        try {
            HealthResponse r = client.cluster().health();
            return new ClusterState(r.clusterName(), r.status().jsonValue().toLowerCase(Locale.ROOT), r.numberOfNodes());
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("cluster health", e);
        }
    }
}
