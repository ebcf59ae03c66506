package cn.jinhua.risk.api.store;

import cn.jinhua.risk.api.metrics.ApiMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.http.HttpResponse;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.protocol.HttpContext;
import org.elasticsearch.client.Node;
import org.elasticsearch.client.RestClient;

/**
 * Counts Elasticsearch's failures where every call passes, the HTTP client, as
 * {@code risk_api_elasticsearch_errors_total} by {@code kind}: {@code unreachable} (no connection
 * or no answer in time), {@code overloaded} (429: queues full), {@code server} (5xx). A version
 * conflict (409) is optimistic concurrency doing its work and a 404 a normal answer, so neither
 * counts. Thread-safe.
 */
final class ElasticsearchErrorMeter implements HttpResponseInterceptor {
    private final Counter unreachable;
    private final Counter overloaded;
    private final Counter server;

    ElasticsearchErrorMeter(MeterRegistry registry) {
        this.unreachable = counter(registry, "unreachable");
        this.overloaded = counter(registry, "overloaded");
        this.server = counter(registry, "server");
    }

    private static Counter counter(MeterRegistry registry, String kind) {
        return Counter.builder(ApiMetrics.ELASTICSEARCH_ERRORS).description("Failed calls to Elasticsearch, by kind")
                .tag("kind", kind).register(registry);
    }

    @Override
    public void process(HttpResponse response, HttpContext context) {
        int status = response.getStatusLine().getStatusCode();
        if (status == 429) {
            overloaded.increment();
        } else if (status >= 500) {
            server.increment();
        }
    }

    /** Told by the low-level client when a call found no connection or timed out. */
    RestClient.FailureListener unreachable() {
        return new RestClient.FailureListener() {
            @Override
            public void onFailure(Node node) {
                unreachable.increment();
            }
        };
    }
}
