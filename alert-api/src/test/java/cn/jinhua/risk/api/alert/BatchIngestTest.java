package cn.jinhua.risk.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.lifecycle.DispatchCommand;
import cn.jinhua.risk.api.lifecycle.LifecycleService;
import cn.jinhua.risk.api.lifecycle.StatusCommand;
import cn.jinhua.risk.api.live.EventRepository;
import cn.jinhua.risk.api.live.LiveEvent;
import cn.jinhua.risk.api.live.Numbering;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Batches that meet on one incident, incidents changed elsewhere since this process last saw them,
 * and the feed stored one document per publish.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-batch-")
class BatchIngestTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EventRepository feed;
    Api api;

    @BeforeAll
    void setUp() {
        api = new Api(client);
    }

    @Test
    void aBatchTouchingOneIncidentManyTimesYieldsOneIncidentHoldingEachAlertOnce() {
        List<Alerts> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            batch.add(Alerts.lostPerson("bt-many-" + (i % 50), "d-bt-many").with("severity", i == 17 ? "CRITICAL" : "MEDIUM")
                    .with("eventTime", IsoTimes.formatSortable(Alerts.T0.plusSeconds(i % 50))));
        }
        Api.Response r = api.post("/api/alerts", "ingest", Alerts.batch(batch));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("created").asInt()).isEqualTo(50);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(10);
        Set<String> incidents = new HashSet<>();
        r.json().get("alerts").forEach(a -> incidents.add(a.get("incidentId").asText()));
        assertThat(incidents).hasSize(1);
        JsonNode incident = api.get("/api/incidents/" + incidents.iterator().next(), "command").json();
        assertThat(incident.get("alertCount").asInt()).isEqualTo(50);
        assertThat(incident.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(incident.get("alerts")).hasSize(50);
        long added = 0;
        for (JsonNode t : incident.get("timeline")) {
            if (t.get("action").asText().equals("ALERT_ADDED")) {
                added++;
            }
        }
        assertThat(added).isEqualTo(49);
    }

    @Test
    void concurrentBatchesOnOneIncidentLoseNoAlertAndStoreNoneTwice() throws Exception {
        int batches = 6;
        int perBatch = 40;
        Set<String> ids = new HashSet<>();
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Alerts> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                // Neighbouring batches share a quarter of their alerts: redeliveries racing first deliveries.
                String id = "bt-race-" + (b * perBatch * 3 / 4 + i);
                ids.add(id);
                batch.add(Alerts.wastewater(id, "wy-e03").with("incidentKey", "WASTEWATER:plant:bt-race"));
            }
            bodies.add(Alerts.batch(batch));
        }
        ExecutorService pool = Executors.newFixedThreadPool(batches);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try {
            for (String body : bodies) {
                results.add(pool.submit(() -> {
                    go.await();
                    return api.post("/api/alerts", "ingest", body);
                }));
            }
            go.countDown();
            int created = 0;
            Set<String> incidents = new HashSet<>();
            for (Future<Api.Response> f : results) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                created += r.json().get("created").asInt();
                r.json().get("alerts").forEach(a -> incidents.add(a.get("incidentId").asText()));
            }
            assertThat(created).isEqualTo(ids.size());
            assertThat(incidents).hasSize(1);
            JsonNode incident = api.get("/api/incidents/" + incidents.iterator().next(), "command").json();
            assertThat(incident.get("alertCount").asInt()).isEqualTo(ids.size());
            Set<String> stored = new HashSet<>();
            incident.get("alerts").forEach(a -> stored.add(a.get("id").asText()));
            assertThat(stored).isEqualTo(ids);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIncidentChangedByAnotherProcessSinceThisOneWroteItLosesNothingAndStaysClosed() {
        String id = api.post("/api/alerts", "ingest", Alerts.lostPerson("bt-stale-1", "d-bt-stale").json()).json()
                .at("/alerts/0/incidentId").asText();
        Caller command = new Caller("command", Set.of(Roles.COMMAND), null);
        try (ApplicationContext other = ApplicationContext.run(Map.of(
                "risk.elasticsearch.index-prefix", "t-batch-", "micronaut.server.port", -1), "test")) {
            other.getBean(LifecycleService.class).dispatch(id, new DispatchCommand(List.of("tm-shuanglong-police"), null),
                    command);
        }

        Api.Response second = api.post("/api/alerts", "ingest", Alerts.lostPerson("bt-stale-2", "d-bt-stale").json());

        assertThat(second.json().at("/alerts/0/incidentId").asText()).isEqualTo(id);
        JsonNode incident = api.get("/api/incidents/" + id, "command").json();
        assertThat(incident.get("alertCount").asInt()).isEqualTo(2);
        assertThat(incident.get("dispatches")).extracting(d -> d.get("teamId").asText())
                .containsExactly("tm-shuanglong-police");

        try (ApplicationContext other = ApplicationContext.run(Map.of(
                "risk.elasticsearch.index-prefix", "t-batch-", "micronaut.server.port", -1), "test")) {
            other.getBean(LifecycleService.class).incidentStatus(id, new StatusCommand("RESOLVED", null, "found"), command);
        }

        Api.Response third = api.post("/api/alerts", "ingest", Alerts.lostPerson("bt-stale-3", "d-bt-stale").json());

        assertThat(third.json().at("/alerts/0/incidentId").asText()).isNotEqualTo(id).endsWith("-2");
        JsonNode closed = api.get("/api/incidents/" + id, "command").json();
        assertThat(closed.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(closed.get("alertCount").asInt()).isEqualTo(2);
    }

    @Test
    void readingTheFeedBackCrossesPublishesWithoutGapsOrRepeats() {
        long ordinal = feed.start(1).next();
        int[] sizes = {700, 5, 1_200, 1};
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            List<LiveEvent> publish = events(ordinal + i, sizes[i]);
            feed.append(publish, List.of());
            publish.forEach(e -> expected.add(e.seq()));
        }
        long last = expected.get(expected.size() - 1);

        List<Long> read = new ArrayList<>();
        long after = expected.get(349);
        while (true) {
            List<LiveEvent> page = feed.after(after, last - 1, 500);
            page.forEach(e -> read.add(e.seq()));
            if (page.size() < 500) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }

        assertThat(read).containsExactlyElementsOf(expected.subList(350, expected.size() - 1));
        assertThat(feed.after(last - 1, last, 500)).extracting(LiveEvent::seq).containsExactly(last);
    }

    /** The events of one publish under {@code ordinal}, numbered as the live stream numbers them. */
    private static List<LiveEvent> events(long ordinal, int n) {
        long from = Numbering.first(ordinal);
        List<LiveEvent> out = new ArrayList<>();
        for (long s = from; s < from + n; s++) {
            out.add(new LiveEvent(s, "alert", "LOST_PERSON", List.of(), IsoTimes.formatSortable(Alerts.T0),
                    JsonNodeFactory.instance.objectNode().put("n", s)));
        }
        return out;
    }
}
