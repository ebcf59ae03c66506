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
import java.util.ArrayList;
import java.util.List;
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
        // Each document holds last - first + 1 events (its numbers leave room between publishes).
        List<Long> held = new ArrayList<>();
        es.indices().refresh(r -> r.index(names.liveEvents()));
        for (var h : es.search(s -> s.index(names.liveEvents()).size(100).sort(o -> o.field(f -> f.field("first")
                .order(co.elastic.clients.elasticsearch._types.SortOrder.Desc))), java.util.Map.class).hits().hits()) {
            held.add(((Number) h.source().get("last")).longValue() - ((Number) h.source().get("first")).longValue() + 1);
        }
        long kept = held.stream().mapToLong(Long::longValue).sum();
        assertThat(kept).as("events kept, newest document first: " + held).isGreaterThanOrEqualTo(3);
        assertThat(kept - held.get(held.size() - 1)).as("the oldest document kept is needed for the newest 3 events: " + held)
                .isLessThan(3);
    }

    private long liveDocuments() throws IOException {
        return es.count(c -> c.index(names.liveEvents())).count();
    }

    private static String incidentOf(Api api, String alertId, String device) {
        return api.post("/api/alerts", "ingest", Alerts.lostPerson(alertId, device).json()).json().at("/alerts/0/incidentId").asText();
    }
}
