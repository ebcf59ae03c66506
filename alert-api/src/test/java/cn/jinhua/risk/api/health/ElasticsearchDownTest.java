package cn.jinhua.risk.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With Elasticsearch unreachable the API answers 503 with a reason, and /health says DOWN. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElasticsearchDownTest implements TestPropertyProvider {

    /** Points the API at a port nothing listens on. */
    @Override
    public Map<String, String> getProperties() {
        try (ServerSocket s = new ServerSocket(0)) {
            return Map.of("risk.elasticsearch.url", "http://127.0.0.1:" + s.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void answers503WithAReasonWhenElasticsearchIsDown() {
        Api api = new Api(client);
        Api.Response list = api.get("/api/alerts", "command");
        assertThat(list.status()).isEqualTo(503);
        assertThat(list.json().get("error").asText()).contains("Elasticsearch unavailable");
        Api.Response ingest = api.post("/api/alerts", "ingest", Alerts.lostPerson("down-1", "d-down").json());
        assertThat(ingest.status()).isEqualTo(503);
        assertThat(ingest.body()).doesNotContain("\tat ");
    }

    @Test
    void healthReportsElasticsearchDown() {
        Api.Response health = new Api(client).get("/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/details/elasticsearch/status").asText()).isEqualTo("DOWN");
    }
}
