package cn.jinhua.risk.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-query-")
class AlertIngestAndQueryTest {
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeAll
    void ingestFixtures() {
        api = new Api(client);
        List<Alerts> batch = new ArrayList<>();
        batch.add(Alerts.lostPerson("lp-1", "d-1001"));
        batch.add(Alerts.lostPerson("lp-2", "d-1002").with("ruleId", "hiker.off-trail-stationary").with("severity", "HIGH")
                .with("title", "Phone stationary off trail").with("titleZh", "手机长时间离开步道静止")
                .with("evidence", List.of()).with("eventTime", IsoTimes.formatSortable(Alerts.T0.plusSeconds(3600))));
        batch.add(Alerts.wastewater("ww-1", "wy-e03"));
        batch.add(Alerts.wastewater("ww-2", "wy-e05").with("severity", "MEDIUM")
                .with("eventTime", IsoTimes.formatSortable(Alerts.T0.minusSeconds(7200))));
        Api.Response r = api.post("/api/alerts", "ingest", Alerts.batch(batch));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("created").asInt()).isEqualTo(4);
    }

    @Test
    void sameAlertTwiceIsStoredOnce() {
        String body = Alerts.lostPerson("lp-dup", "d-2001").with("title", "Duplicate probe lpdupprobe").json();
        Api.Response first = api.post("/api/alerts", "ingest", body);
        Api.Response second = api.post("/api/alerts", "ingest", body);
        Api.Response batchAgain = api.post("/api/alerts", "ingest", "[" + body + "," + body + "]");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("created").asInt()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("created").asInt()).isZero();
        assertThat(second.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(batchAgain.status()).isEqualTo(200);
        assertThat(batchAgain.json().get("created").asInt()).isZero();
        JsonNode incident = api.get("/api/incidents/" + first.json().at("/alerts/0/incidentId").asText(), "command").json();
        assertThat(incident.get("alertCount").asInt()).isEqualTo(1);
        JsonNode found = api.get("/api/alerts?q=lpdupprobe&size=10", "command").json();
        assertThat(found.get("total").asInt()).isEqualTo(1);
        assertThat(found.at("/items/0/id").asText()).isEqualTo("lp-dup");
    }

    @Test
    void filtersByScenarioRuleSeverityAndTime() {
        assertThat(ids("/api/alerts?scenario=WASTEWATER")).containsExactlyInAnyOrder("ww-1", "ww-2");
        assertThat(ids("/api/alerts?ruleId=hiker.off-trail-stationary")).containsExactly("lp-2");
        assertThat(ids("/api/alerts?severity=MEDIUM")).containsExactly("ww-2");
        String since = IsoTimes.formatSortable(Alerts.T0.plusSeconds(1800)).replace("+", "%2B");
        assertThat(ids("/api/alerts?since=" + since)).containsExactly("lp-2");
        String until = IsoTimes.formatSortable(Alerts.T0.minusSeconds(3600)).replace("+", "%2B");
        assertThat(ids("/api/alerts?until=" + until)).containsExactly("ww-2");
    }

    @Test
    void findsChineseWordsAsWords() {
        assertThat(ids("/api/alerts?q=" + enc("迷路"))).contains("lp-1").doesNotContain("lp-2", "ww-1");
        assertThat(ids("/api/alerts?q=" + enc("离开步道"))).containsExactly("lp-2");
        assertThat(ids("/api/alerts?q=" + enc("手机快没电"))).contains("lp-1");
        assertThat(ids("/api/alerts?q=stationary")).containsExactly("lp-2");
        assertThat(ids("/api/alerts?q=" + enc("路迷"))).isEmpty();
    }

    @Test
    void findsAlertsNearAPlace() {
        assertThat(ids("/api/alerts?near=29.2108,119.6302,1000")).contains("lp-1", "lp-2").doesNotContain("ww-1");
        assertThat(ids("/api/alerts?near=28.9012,119.8604,500")).contains("ww-1", "ww-2").doesNotContain("lp-1");
        assertThat(ids("/api/alerts?near=0,0,1000")).isEmpty();
    }

    @Test
    void filtersByIncidentStatusAndPages() {
        assertThat(ids("/api/alerts?status=NEW&scenario=WASTEWATER")).containsExactlyInAnyOrder("ww-1", "ww-2");
        assertThat(ids("/api/alerts?status=RESOLVED")).isEmpty();
        JsonNode p1 = api.get("/api/alerts?scenario=WASTEWATER&size=1&page=1", "command").json();
        JsonNode p2 = api.get("/api/alerts?scenario=WASTEWATER&size=1&from=1", "command").json();
        assertThat(p1.get("total").asInt()).isEqualTo(2);
        assertThat(p1.get("items")).hasSize(1);
        assertThat(p1.at("/items/0/id").asText()).isEqualTo("ww-1");
        assertThat(p2.at("/items/0/id").asText()).isEqualTo("ww-2");
        assertThat(p1.at("/items/0/status").asText()).isEqualTo("NEW");
    }

    @Test
    void masksCallerNumbersForAllButTheCommandCentre() {
        JsonNode forCommand = api.get("/api/alerts/lp-1", "command").json();
        JsonNode forAdmin = api.get("/api/alerts/lp-1", "admin").json();
        assertThat(forCommand.at("/evidence/0/value/callerId").asText()).isEqualTo("13812345678");
        assertThat(forAdmin.at("/evidence/0/value/callerId").asText()).isEqualTo("138****5678");
        assertThat(forAdmin.at("/evidence/0/value/text").asText()).contains("139****5678").doesNotContain("13912345678");
        assertThat(forAdmin.at("/evidence/0/ts").asText()).isEqualTo(forCommand.at("/evidence/0/ts").asText());
    }

    @Test
    void bureauSeesOnlyWastewater() {
        assertThat(ids("/api/alerts", "bureau")).containsExactlyInAnyOrder("ww-1", "ww-2");
        assertThat(api.get("/api/alerts/lp-1", "bureau").status()).isEqualTo(403);
        assertThat(api.get("/api/alerts/ww-1", "bureau").status()).isEqualTo(200);
    }

    @Test
    void incidentCarriesTheOneThreeNRecommendation() {
        String incidentId = api.get("/api/alerts/lp-1", "command").json().get("incidentId").asText();
        JsonNode incident = api.get("/api/incidents/" + incidentId, "command").json();
        List<String> parts = new ArrayList<>();
        incident.get("recommendation").forEach(t -> parts.add(t.get("part").asText()));
        assertThat(parts).startsWith("1 command", "3 core", "3 core", "3 core");
        assertThat(parts.stream().filter("N volunteer"::equals).count()).isBetween(1L, 3L);
        assertThat(incident.at("/recommendation/0/teamId").asText()).isEqualTo("tm-wc-command");
        assertThat(incident.at("/recommendation/1/etaSeconds").asLong()).isPositive();
        assertThat(incident.get("alerts")).hasSize(1);
        assertThat(incident.at("/timeline/0/action").asText()).isEqualTo("CREATED");
    }

    @Test
    void wastewaterIncidentRecommendsItsLevelAndBelow() {
        String incidentId = api.get("/api/alerts/ww-1", "bureau").json().get("incidentId").asText();
        JsonNode incident = api.get("/api/incidents/" + incidentId, "bureau").json();
        List<String> teams = new ArrayList<>();
        incident.get("recommendation").forEach(t -> teams.add(t.get("teamId").asText()));
        assertThat(teams).startsWith("tm-wy-e03").contains("tm-wy-park").doesNotContain("tm-quanxi-town", "tm-wy-county-env");
        assertThat(incident.get("plantId").asText()).isEqualTo("wy-e03");
    }

    @Test
    void servesTheWorldAndTheTeams() {
        JsonNode world = api.get("/api/world", "command").json();
        assertThat(world.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(world.get("features").size()).isGreaterThan(30);
        // In the world files' own format (seeds/README.md), so the pages read what the loader reads.
        JsonNode plant = null;
        for (JsonNode f : world.get("features")) {
            if ("wy-e03".equals(f.get("id").asText())) {
                plant = f.get("properties");
            }
        }
        assertThat(plant).isNotNull();
        assertThat(plant.get("type").asText()).isEqualTo("PLANT");
        assertThat(plant.get("team").asText()).isEqualTo("tm-wy-e03");
        assertThat(plant.get("poolId").asText()).isEqualTo("wy-e03-pool");
        JsonNode teams = api.get("/api/teams", "bureau").json();
        assertThat(teams).isNotEmpty();
        teams.forEach(t -> assertThat(t.get("scenario").asText()).isEqualTo("WASTEWATER"));
        assertThat(api.get("/api/teams", "command").json().size()).isGreaterThan(teams.size());
    }

    private List<String> ids(String path) {
        return ids(path, "command");
    }

    private List<String> ids(String path, String user) {
        Api.Response r = api.get(path, user);
        assertThat(r.status()).as(path + " → " + r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(i -> {
            if (!i.get("id").asText().startsWith("lp-dup")) {
                out.add(i.get("id").asText());
            }
        });
        return out;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
