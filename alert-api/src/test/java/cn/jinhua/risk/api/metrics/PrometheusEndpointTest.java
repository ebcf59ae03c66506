package cn.jinhua.risk.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /prometheus} answers Prometheus's bearer token and ADMIN only, and shows the API's meters
 * under the names the Grafana dashboard queries (docker's GrafanaDashboardTest checks the
 * dashboard against {@link ApiMetrics}), moving when what they count happens.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-metrics-")
class PrometheusEndpointTest {
    private static final String METRICS_TOKEN = "test-metrics-token";
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(client);
    }

    @Test
    void onlyPrometheusAndAdminReadTheMetrics() {
        assertThat(api.call("GET", "/prometheus", null, null).status()).isEqualTo(401);
        assertThat(api.get("/prometheus", "command").status()).isEqualTo(403);
        assertThat(api.call("GET", "/prometheus", Api.INGEST_TOKEN, null).status()).isEqualTo(403);
        assertThat(api.get("/prometheus", "admin").status()).isEqualTo(200);
        assertThat(api.call("GET", "/prometheus", METRICS_TOKEN, null).status()).isEqualTo(200);
        // The metrics token opens nothing else.
        assertThat(api.call("GET", "/api/alerts", METRICS_TOKEN, null).status()).isEqualTo(403);
    }

    @Test
    void theMetersMoveWhenTheirEventsHappen() {
        String before = scrape();
        for (String name : new String[] {"risk_api_ingest_seconds_bucket", "risk_api_ingest_seconds_count",
                "risk_api_alerts_ingested_total", "risk_api_alerts_duplicate_total", "risk_api_elasticsearch_errors_total",
                "risk_api_sse_clients", "risk_api_escalations_total", "risk_api_logins_refused_total"}) {
            assertThat(before).as(name).containsPattern("(?m)^" + name + "[{ ]");
        }
        String alert = Alerts.lostPerson("metrics-1", "d-metrics").json();
        assertThat(api.post("/api/alerts", "ingest", alert).status()).isEqualTo(200);
        assertThat(api.post("/api/alerts", "ingest", alert).status()).isEqualTo(200);
        assertThat(api.post("/api/alerts", "ingest", "{\"id\":").status()).isEqualTo(400);
        assertThat(api.call("POST", "/login", null, "{\"username\":\"command\",\"password\":\"wrong\"}").status()).isEqualTo(401);

        String after = scrape();
        assertThat(value(after, "risk_api_alerts_ingested_total", "")).isEqualTo(value(before, "risk_api_alerts_ingested_total", "") + 1);
        assertThat(value(after, "risk_api_alerts_duplicate_total", "")).isEqualTo(value(before, "risk_api_alerts_duplicate_total", "") + 1);
        assertThat(value(after, "risk_api_ingest_seconds_count", "outcome=\"stored\""))
                .isEqualTo(value(before, "risk_api_ingest_seconds_count", "outcome=\"stored\"") + 2);
        assertThat(value(after, "risk_api_ingest_seconds_count", "outcome=\"refused\""))
                .isEqualTo(value(before, "risk_api_ingest_seconds_count", "outcome=\"refused\"") + 1);
        assertThat(value(after, "risk_api_logins_refused_total", "")).isEqualTo(value(before, "risk_api_logins_refused_total", "") + 1);
    }

    private String scrape() {
        Api.Response r = api.call("GET", "/prometheus", METRICS_TOKEN, null);
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    /** The sample of {@code name} whose labels contain {@code label} (0 when there is none yet). */
    private static double value(String scrape, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        while (m.find()) {
            if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
