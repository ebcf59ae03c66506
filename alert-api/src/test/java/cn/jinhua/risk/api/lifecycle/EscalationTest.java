package cn.jinhua.risk.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-escalation-")
@Property(name = "risk.test.mutable-clock", value = "true")
class EscalationTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Clock clock;
    @Inject
    EscalationService escalation;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private MutableClock clock() {
        return (MutableClock) clock;
    }

    @Test
    void unacknowledgedStationDispatchEscalatesToTheCommandCentreOnce() {
        String id = api.post("/api/alerts", "ingest", Alerts.lostPerson("esc-1", "d-esc-1").json()).json()
                .at("/alerts/0/incidentId").asText();
        api.post("/api/incidents/" + id + "/dispatch", "command", "{\"teamIds\":[\"tm-luodian-police\"]}");

        clock().advance(Duration.ofSeconds(110));
        escalation.scan();
        assertThat(teams(id)).containsExactly("tm-luodian-police");

        clock().advance(Duration.ofSeconds(15));
        escalation.scan();
        JsonNode incident = api.get("/api/incidents/" + id, "command").json();
        assertThat(teams(id)).containsExactly("tm-luodian-police", "tm-wc-command");
        assertThat(incident.get("escalationLevel").asText()).isEqualTo("COMMAND_CENTRE");
        assertThat(incident.at("/dispatches/1/byEscalation").asBoolean()).isTrue();
        assertThat(incident.at("/dispatches/0/escalatedAt").isNull()).isFalse();

        escalation.scan();
        assertThat(teams(id)).hasSize(2);
        assertThat(actions(id).stream().filter(a -> a.startsWith("ESCALAT")).count()).isEqualTo(1);
    }

    @Test
    void anAcknowledgedDispatchDoesNotEscalate() {
        String id = api.post("/api/alerts", "ingest", Alerts.lostPerson("esc-2", "d-esc-2").json()).json()
                .at("/alerts/0/incidentId").asText();
        api.post("/api/incidents/" + id + "/dispatch", "command", "{\"teamIds\":[\"tm-wc-fire\"]}");
        clock().advance(Duration.ofSeconds(60));
        api.post("/api/incidents/" + id + "/dispatches/tm-wc-fire/status", "tm-wc-fire", "{\"status\":\"ACKNOWLEDGED\"}");
        clock().advance(Duration.ofMinutes(10));
        escalation.scan();
        assertThat(teams(id)).containsExactly("tm-wc-fire");
    }

    @Test
    void wastewaterEscalatesLevelByLevelWithItsOwnDeadlines() {
        String id = api.post("/api/alerts", "ingest", Alerts.wastewater("esc-3", "wy-e07").json()).json()
                .at("/alerts/0/incidentId").asText();
        api.post("/api/incidents/" + id + "/dispatch", "bureau", "{\"teamIds\":[\"tm-wy-e07\",\"tm-wy-park\"]}");

        clock().advance(Duration.ofMinutes(5).plusSeconds(1));
        escalation.scan();
        assertThat(teams(id)).containsExactly("tm-wy-e07", "tm-wy-park", "tm-quanxi-town");
        assertThat(api.get("/api/incidents/" + id, "bureau").json().get("escalationLevel").asText()).isEqualTo("TOWNSHIP");

        clock().advance(Duration.ofMinutes(5).plusSeconds(1));
        escalation.scan();
        assertThat(teams(id)).contains("tm-wy-county-env", "tm-wy-county-emergency");
        assertThat(api.get("/api/incidents/" + id, "bureau").json().get("escalationLevel").asText()).isEqualTo("COUNTY");
    }

    @Test
    void escalationIsDerivedFromStoredStateAndSurvivesARestart() {
        String id = api.post("/api/alerts", "ingest", Alerts.lostPerson("esc-4", "d-esc-4").json()).json()
                .at("/alerts/0/incidentId").asText();
        api.post("/api/incidents/" + id + "/dispatch", "command", "{\"teamIds\":[\"tm-shuanglong-police\"]}");
        // A second API process over the same indices, started after the dispatch, with its own clock.
        try (ApplicationContext restarted = ApplicationContext.run(Map.of(
                "risk.elasticsearch.index-prefix", "t-escalation-",
                "risk.test.mutable-clock", "true",
                "micronaut.server.port", -1), "test")) {
            MutableClock later = restarted.getBean(MutableClock.class);
            later.advance(Duration.between(later.instant(), clock().instant()).plusMinutes(3));
            assertThat(restarted.getBean(EscalationService.class).scan()).isGreaterThanOrEqualTo(1);
        }
        assertThat(teams(id)).containsExactly("tm-shuanglong-police", "tm-wc-command");
    }

    private List<String> teams(String id) {
        List<String> out = new ArrayList<>();
        api.get("/api/incidents/" + id, "command").json().get("dispatches").forEach(d -> out.add(d.get("teamId").asText()));
        return out;
    }

    private List<String> actions(String id) {
        List<String> out = new ArrayList<>();
        api.get("/api/incidents/" + id, "command").json().get("timeline").forEach(t -> out.add(t.get("action").asText()));
        return out;
    }
}
