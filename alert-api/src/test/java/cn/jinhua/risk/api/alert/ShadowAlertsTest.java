package cn.jinhua.risk.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.live.EventService;
import cn.jinhua.risk.api.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts of a shadow rule version ({@code shadow: true}) are stored and listed on request, and
 * reach nobody: no incident (so no dispatch, escalation or field team), no live event, no CAP.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-shadow-")
class ShadowAlertsTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EventService events;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(a -> out.add(a.get("id").asText()));
        return out;
    }

    @Test
    void aShadowAlertIsStoredAndListedOnRequestOnly() {
        Api.Response r = api.post("/api/alerts", "ingest", Alerts.batch(List.of(
                Alerts.wastewater("sh-live", "wy-e02").with("ruleVersion", 2).with("worldVersion", 1),
                Alerts.wastewater("sh-shadow", "wy-e02").with("ruleVersion", 3).with("worldVersion", 1).with("shadow", true))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().get("alerts");
        assertThat(items.get(0).get("incidentId").asText()).startsWith("inc-");
        assertThat(items.get(1).get("incidentId").isNull()).as("a shadow alert joins no incident").isTrue();
        assertThat(items.get(1).get("created").asBoolean()).isTrue();

        JsonNode shadow = api.get("/api/alerts/sh-shadow", "bureau").json();
        assertThat(shadow.get("shadow").asBoolean()).isTrue();
        assertThat(shadow.get("ruleVersion").asInt()).isEqualTo(3);
        assertThat(shadow.get("worldVersion").asInt()).isEqualTo(1);
        assertThat(shadow.get("incidentId").isNull()).isTrue();
        assertThat(api.get("/api/alerts/sh-live", "bureau").json().get("shadow").asBoolean()).isFalse();

        assertThat(ids(api.get("/api/alerts?ruleId=plating.pool-high&size=500", "bureau").json()))
                .contains("sh-live").doesNotContain("sh-shadow");
        JsonNode shadowTab = api.get("/api/alerts?shadow=true&size=500", "bureau").json();
        assertThat(ids(shadowTab)).contains("sh-shadow").doesNotContain("sh-live");
        assertThat(shadowTab.get("items")).allSatisfy(a -> assertThat(a.get("shadow").asBoolean()).isTrue());
        assertThat(ids(api.get("/api/alerts?shadow=false&size=500", "command").json())).doesNotContain("sh-shadow");
        Api.Response bad = api.get("/api/alerts?shadow=yes", "command");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).startsWith("shadow: expected true or false");

        JsonNode incident = api.get("/api/incidents/" + items.get(0).get("incidentId").asText(), "bureau").json();
        assertThat(incident.toString()).contains("sh-live").doesNotContain("sh-shadow");
        assertThat(api.get("/api/incidents?size=500", "command").body()).doesNotContain("sh-shadow");
        assertThat(events.announced(List.of("alert:sh-live", "alert:sh-shadow")))
                .as("the live stream announced the live alert only").containsExactly("alert:sh-live");
    }

    @Test
    void aShadowAlertIsNeverAnnouncedOrPublishedAsCap() {
        Api.Response r = api.post("/api/alerts", "ingest",
                Alerts.wastewater("cap-shadow", "wy-e05").with("shadow", true).with("worldVersion", 1).json());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Api.Response cap = api.get("/api/feeds/alerts/cap-shadow.cap", "bureau");
        assertThat(cap.status()).isEqualTo(404);
        assertThat(cap.json().get("detail").asText()).contains("shadow alerts are not published as CAP");
        assertThat(api.get("/api/feeds/wastewater.atom?size=500", "bureau").body()).doesNotContain("cap-shadow");
        assertThat(api.get("/api/incidents?size=500", "bureau").body()).doesNotContain("WASTEWATER:plant:wy-e05");
    }
}
