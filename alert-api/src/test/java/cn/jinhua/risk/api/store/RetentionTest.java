package cn.jinhua.risk.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.MutableClock;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The indices' lifecycle against the real Elasticsearch the tests start (whose distribution has no ILM). */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-retention-")
@Property(name = "risk.test.mutable-clock", value = "true")
@Property(name = "risk.retention.enabled", value = "false")
@Property(name = "risk.retention.closed-incidents", value = "30d")
@Property(name = "risk.retention.live-events", value = "3")
class RetentionTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Clock clock;
    @Inject
    Retention retention;
    @Inject
    ElasticsearchClient es;
    @Inject
    IndexNames names;

    @Test
    void closedIncidentsGoWithTheirAlertsAfterTheRetentionAndOpenOnesStay() throws IOException {
        Api api = new Api(client);
        String closed = incidentOf(api, "ret-closed", "d-ret-closed");
        String open = incidentOf(api, "ret-open", "d-ret-open");
        assertThat(api.post("/api/incidents/" + closed + "/status", "command", "{\"status\":\"FALSE_ALARM\",\"note\":\"test\"}").status())
                .isEqualTo(200);

        ((MutableClock) clock).advance(Duration.ofDays(29));
        retention.sweep();
        assertThat(api.get("/api/incidents/" + closed, "command").status()).isEqualTo(200);

        ((MutableClock) clock).advance(Duration.ofDays(2));
        Retention.Swept swept = retention.sweep();
        assertThat(swept.incidents()).isEqualTo(1);
        assertThat(swept.alerts()).isEqualTo(1);
        assertThat(api.get("/api/incidents/" + closed, "command").status()).isEqualTo(404);
        assertThat(api.get("/api/alerts/ret-closed", "command").status()).isEqualTo(404);
        assertThat(api.get("/api/incidents/" + open, "command").status()).isEqualTo(200);
        assertThat(api.get("/api/alerts/ret-open", "command").status()).isEqualTo(200);
    }

    @Test
    void theLiveIndexKeepsTheNewestEvents() throws Exception {
        Api api = new Api(client);
        for (int i = 0; i < 4; i++) {
            incidentOf(api, "ret-live-" + i, "d-ret-live-" + i);
        }
        // The live events are stored after the ingest answers: wait until the index has not grown for 2 s.
        long stored = liveDocuments();
        for (int quiet = 0; quiet < 4; ) {
            Thread.sleep(500);
            long n = liveDocuments();
            quiet = n == stored ? quiet + 1 : 0;
            stored = n;
        }
        retention.sweep();
        long newest = es.search(s -> s.index(names.liveEvents()).size(1).sort(o -> o.field(f -> f.field("last")
                .order(co.elastic.clients.elasticsearch._types.SortOrder.Desc))), java.util.Map.class).hits().hits().get(0).source()
                .get("last") instanceof Number n ? n.longValue() : -1;
        assertThat(newest).isGreaterThanOrEqualTo(3);
        long older = es.count(c -> c.index(names.liveEvents()).query(q -> q.range(r -> r.untyped(u -> u.field("last")
                .lt(co.elastic.clients.json.JsonData.of(newest - 2)))))).count();
        long kept = es.count(c -> c.index(names.liveEvents()).query(q -> q.range(r -> r.untyped(u -> u.field("last")
                .gte(co.elastic.clients.json.JsonData.of(newest - 2)))))).count();
        assertThat(older).isZero();
        assertThat(kept).isPositive();
    }

    private long liveDocuments() throws IOException {
        return es.count(c -> c.index(names.liveEvents())).count();
    }

    private static String incidentOf(Api api, String alertId, String device) {
        return api.post("/api/alerts", "ingest", Alerts.lostPerson(alertId, device).json()).json().at("/alerts/0/incidentId").asText();
    }
}
