package cn.jinhua.risk.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-lifecycle-")
class LifecycleAndConcurrencyTest {
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private String lostPersonIncident(String alertId, String device) {
        Api.Response r = api.post("/api/alerts", "ingest", Alerts.lostPerson(alertId, device).json());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/alerts/0/incidentId").asText();
    }

    @Test
    void dispatchedTeamWorksThroughTheLifecycleAndEveryStepIsInTheTimeline() {
        String id = lostPersonIncident("lc-1", "d-lc-1");
        Api.Response d = api.post("/api/incidents/" + id + "/dispatch", "command",
                "{\"teamIds\":[\"tm-luodian-police\",\"tm-bluesky\"]}");
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        assertThat(d.json().get("status").asText()).isEqualTo("DISPATCHED");
        for (String s : List.of("ACKNOWLEDGED", "EN_ROUTE", "ON_SCENE", "RESOLVED")) {
            Api.Response r = api.post("/api/incidents/" + id + "/dispatches/tm-luodian-police/status", "tm-luodian-police",
                    "{\"status\":\"" + s + "\"}");
            assertThat(r.status()).as(s + ": " + r.body()).isEqualTo(200);
        }
        JsonNode mid = api.get("/api/incidents/" + id, "command").json();
        assertThat(mid.get("status").asText()).isEqualTo("ON_SCENE");
        Api.Response closed = api.post("/api/incidents/" + id + "/status", "command", "{\"status\":\"RESOLVED\",\"note\":\"found\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);

        JsonNode incident = api.get("/api/incidents/" + id, "command").json();
        assertThat(incident.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(incident.get("open").asBoolean()).isFalse();
        List<String> actions = new ArrayList<>();
        incident.get("timeline").forEach(t -> {
            actions.add(t.get("action").asText());
            assertThat(t.get("at").asText()).isNotBlank();
            assertThat(t.get("user").asText()).isNotBlank();
        });
        assertThat(actions).containsSubsequence("CREATED", "DISPATCHED", "DISPATCHED", "STATUS_CHANGED",
                "DISPATCH_ACKNOWLEDGED", "DISPATCH_EN_ROUTE", "DISPATCH_ON_SCENE", "DISPATCH_RESOLVED", "STATUS_CHANGED");
        assertThat(incident.get("timeline").get(incident.get("timeline").size() - 1).get("user").asText()).isEqualTo("command");
    }

    @Test
    void aClosedIncidentIsNotReopenedByANewAlertOfItsKey() {
        String first = lostPersonIncident("lc-2a", "d-lc-2");
        assertThat(api.post("/api/incidents/" + first + "/status", "command", "{\"status\":\"FALSE_ALARM\"}").status()).isEqualTo(200);
        String second = lostPersonIncident("lc-2b", "d-lc-2");
        assertThat(second).isNotEqualTo(first);
        assertThat(api.get("/api/incidents/" + first, "command").json().get("alertCount").asInt()).isEqualTo(1);
        assertThat(api.get("/api/incidents/" + second, "command").json().get("status").asText()).isEqualTo("NEW");
        assertThat(api.post("/api/incidents/" + first + "/dispatch", "command", "{\"teamIds\":[\"tm-wc-fire\"]}").status())
                .isEqualTo(409);
    }

    @Test
    void invalidTransitionsAreRefusedWithAReason() {
        String id = lostPersonIncident("lc-3", "d-lc-3");
        Api.Response noTeam = api.post("/api/incidents/" + id + "/status", "command", "{\"status\":\"EN_ROUTE\"}");
        assertThat(noTeam.status()).isEqualTo(409);
        assertThat(noTeam.json().get("error").asText()).contains("no dispatched team");
        api.post("/api/incidents/" + id + "/dispatch", "command", "{\"teamIds\":[\"tm-wc-fire\"]}");
        api.post("/api/incidents/" + id + "/dispatches/tm-wc-fire/status", "tm-wc-fire", "{\"status\":\"EN_ROUTE\"}");
        Api.Response back = api.post("/api/incidents/" + id + "/dispatches/tm-wc-fire/status", "tm-wc-fire",
                "{\"status\":\"ACKNOWLEDGED\"}");
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().get("error").asText()).contains("cannot go back from EN_ROUTE to ACKNOWLEDGED");
        Api.Response notDispatched = api.post("/api/incidents/" + id + "/dispatches/tm-jinhua-120/status", "command",
                "{\"status\":\"ACKNOWLEDGED\"}");
        assertThat(notDispatched.status()).isEqualTo(404);
    }

    @Test
    void aChangeDecidedOnAStaleVersionIsAConflict() {
        String id = lostPersonIncident("lc-4", "d-lc-4");
        String version = api.get("/api/incidents/" + id, "command").json().get("version").asText();
        Api.Response first = api.post("/api/incidents/" + id + "/dispatch", "command",
                "{\"teamIds\":[\"tm-wc-fire\"],\"version\":\"" + version + "\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Api.Response stale = api.post("/api/incidents/" + id + "/dispatch", "command",
                "{\"teamIds\":[\"tm-jinhua-120\"],\"version\":\"" + version + "\"}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("error").asText()).contains("changed since version " + version);
        JsonNode now = api.get("/api/incidents/" + id, "command").json();
        assertThat(now.get("dispatches")).hasSize(1);
    }

    @Test
    void concurrentChangesToOneIncidentAreAllKept() throws Exception {
        String id = lostPersonIncident("lc-5", "d-lc-5");
        List<String> teams = List.of("tm-luodian-police", "tm-shuanglong-police", "tm-wc-fire", "tm-jinhua-120",
                "tm-bluesky", "tm-luodian-guides", "tm-scenic-rangers", "tm-drone-club");
        Api.Response d = api.post("/api/incidents/" + id + "/dispatch", "command",
                "{\"teamIds\":[\"" + String.join("\",\"", teams) + "\"]}");
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        for (String t : teams) {
            api.token(t);
        }
        ExecutorService pool = Executors.newFixedThreadPool(teams.size() + 2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try {
            for (String t : teams) {
                results.add(pool.submit(race(go, () -> api.post("/api/incidents/" + id + "/dispatches/" + t + "/status", t,
                        "{\"status\":\"ACKNOWLEDGED\"}"))));
            }
            for (int i = 0; i < 2; i++) {
                String alertId = "lc-5-more-" + i;
                results.add(pool.submit(race(go, () -> api.post("/api/alerts", "ingest",
                        Alerts.lostPerson(alertId, "d-lc-5").with("severity", "HIGH").json()))));
            }
            go.countDown();
            for (Future<Api.Response> f : results) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode incident = api.get("/api/incidents/" + id, "command").json();
        incident.get("dispatches").forEach(x -> assertThat(x.get("status").asText()).as(x.get("teamId").asText())
                .isEqualTo("ACKNOWLEDGED"));
        assertThat(incident.get("alertCount").asInt()).isEqualTo(3);
        long acks = 0;
        for (JsonNode t : incident.get("timeline")) {
            if (t.get("action").asText().equals("DISPATCH_ACKNOWLEDGED")) {
                acks++;
            }
        }
        assertThat(acks).isEqualTo(teams.size());
    }

    private static Callable<Api.Response> race(CountDownLatch go, Callable<Api.Response> call) {
        return () -> {
            go.await();
            return call.call();
        };
    }
}
