package cn.jinhua.risk.api.store;

import cn.jinhua.risk.api.json.Json;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * Builds the one Elasticsearch client of the application. Timeouts are short so a down cluster
 * gives a quick 503 rather than a hang. The transport is closed on shutdown: its I/O threads are
 * not daemons and would keep the JVM alive.
 */
@Factory
final class ElasticsearchClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    RestClientTransport transport(ElasticsearchConfig config, MeterRegistry registry) {
        ElasticsearchErrorMeter errors = new ElasticsearchErrorMeter(registry);
        RestClient rest = RestClient.builder(HttpHost.create(config.url()))
                .setRequestConfigCallback(rc -> rc
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setConnectionRequestTimeout((int) config.connectTimeout().toMillis())
                        .setSocketTimeout((int) config.socketTimeout().toMillis()))
                .setHttpClientConfigCallback(hc -> hc.setMaxConnTotal(64).setMaxConnPerRoute(64)
                        .addInterceptorLast(errors))
                .setFailureListener(errors.unreachable())
                .build();
        return new ClosingTransport(rest, new JacksonJsonpMapper(Json.MAPPER));
    }

    @Singleton
    ElasticsearchClient client(RestClientTransport transport) {
        return new ElasticsearchClient(transport);
    }

    /** Closes the low-level client with the transport. */
    static final class ClosingTransport extends RestClientTransport {
        ClosingTransport(RestClient rest, JacksonJsonpMapper mapper) {
            super(rest, mapper);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                restClient().close();
            }
        }
    }
}
