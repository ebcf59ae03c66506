package cn.jinhua.risk.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.device.DevicePosition;
import cn.jinhua.risk.api.device.DeviceService;
import cn.jinhua.risk.api.lifecycle.EscalationService;
import cn.jinhua.risk.api.sensor.Reading;
import cn.jinhua.risk.api.sensor.SensorService;
import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import cn.jinhua.risk.contract.IsoTimes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints the screens of issue 16 need: devices' last positions, sensor readings, the search
 * area as of now, the operator's acknowledgement and its escalation, server-side sorting and the
 * incident filters. Roles and bad input for each.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-screens-")
@Property(name = "risk.test.mutable-clock", value = "true")
class ScreensEndpointsTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Clock clock;
    @Inject
    DeviceService devices;
    @Inject
    SensorService sensors;
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

    private String ingest(Alerts a) {
        Api.Response r = api.post("/api/alerts", "ingest", a.json());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/alerts/0/incidentId").asText();
    }

    private static DevicePosition position(String device, String ts, double lat) {
        return new DevicePosition(device, new Position(lat, 119.66), ts, 15.0, "GPS", 70, "2026-12-29T08:00:00Z");
    }

    @Test
    void devicesKeepTheNewestPositionAndOnlyTheCommandCentreAndAdminsSeeThem() {
        devices.ingest(List.of(position("d-scr-1", "2026-12-29T16:00:10+08:00", 29.24)));
        devices.ingest(List.of(position("d-scr-1", "2026-12-29T16:00:00+08:00", 29.20), position("d-scr-2", "2026-12-29T16:01:00+08:00", 29.1)));

        JsonNode items = api.get("/api/devices", "command").json().get("items");
        assertThat(items).extracting(i -> i.get("deviceId").asText()).containsExactly("d-scr-2", "d-scr-1");
        assertThat(items.get(1).at("/location/lat").asDouble()).isEqualTo(29.24);
        assertThat(api.get("/api/devices?size=1", "admin").json().get("items")).hasSize(1);
        assertThat(api.get("/api/devices", "bureau").status()).isEqualTo(403);
        assertThat(api.get("/api/devices", "tm-luodian-police").status()).isEqualTo(403);
        assertThat(api.get("/api/devices", null).status()).isEqualTo(401);
        Api.Response bad = api.get("/api/devices?size=0", "command");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("size");
    }

    @Test
    void readingsPastTheirRetentionAreDeletedAndNewerOnesKept() {
        Instant now = clock.instant();
        sensors.ingest(List.of(new Reading("wy-e05-pool-level", IsoTimes.format(now.minus(Duration.ofDays(9)).toEpochMilli()), 2.0),
                new Reading("wy-e05-pool-level", IsoTimes.format(now.minus(Duration.ofDays(8)).toEpochMilli()), 2.1),
                new Reading("wy-e05-pool-level", IsoTimes.format(now.minus(Duration.ofHours(1)).toEpochMilli()), 2.2)));

        assertThat(sensors.expire(Duration.ofDays(7))).isEqualTo(2);
        assertThat(sensors.expire(Duration.ofDays(7))).as("a second sweep finds nothing").isZero();
        String to = IsoTimes.format(now.toEpochMilli()).replace("+", "%2B");
        String from = IsoTimes.format(now.minus(Duration.ofDays(7)).toEpochMilli()).replace("+", "%2B");
        JsonNode r = api.get("/api/sensors/wy-e05-pool-level/readings?from=" + from + "&to=" + to, "bureau").json();
        assertThat(r.get("readings")).extracting(x -> x.get("value").asDouble()).containsExactly(2.2);
    }

    @Test
    void readingsComeOldestFirstWithinTheRangeOnceEach() {
        sensors.ingest(List.of(new Reading("wy-e02-pool-level", "2026-12-29T15:58:00+08:00", 1.0),
                new Reading("wy-e02-pool-level", "2026-12-29T16:00:00+08:00", 1.2),
                new Reading("wy-e02-pool-level", "2026-12-29T15:59:00+08:00", 1.1)));
        sensors.ingest(List.of(new Reading("wy-e02-pool-level", "2026-12-29T16:00:00+08:00", 1.2)));

        JsonNode r = api.get("/api/sensors/wy-e02-pool-level/readings?from=2026-12-29T15:58:30%2B08:00&to=2026-12-29T17:00:00%2B08:00",
                "bureau").json();
        assertThat(r.get("readings")).extracting(x -> x.get("value").asDouble()).containsExactly(1.1, 1.2);
        assertThat(r.get("unit").asText()).isEqualTo("M");
        assertThat(r.get("kind").asText()).isEqualTo("TANK_LEVEL");
        assertThat(r.get("truncated").asBoolean()).isFalse();
        assertThat(api.get("/api/sensors/wy-e02-pool-level/readings", "command").status()).isEqualTo(200);
        assertThat(api.get("/api/sensors/wy-e02-pool-level/readings", "admin").status()).isEqualTo(200);
        assertThat(api.get("/api/sensors/wy-e02-pool-level/readings", "tm-wy-e03").status()).isEqualTo(403);
        assertThat(api.get("/api/sensors/wy-e02-pool-level/readings", null).status()).isEqualTo(401);
    }

    @Test
    void badReadingQueriesAreRefusedWithTheirReason() {
        Map<String, String> cases = Map.of(
                "/api/sensors/no-such-sensor/readings", "no sensor no-such-sensor",
                "/api/sensors/wy-e02-pool-level/readings?from=yesterday", "from: expected an ISO-8601 time",
                "/api/sensors/wy-e02-pool-level/readings?from=2026-12-29T16:00:00%2B08:00&to=2026-12-29T15:00:00%2B08:00",
                "from must be before to",
                "/api/sensors/wy-e02-pool-level/readings?from=2026-12-01T16:00:00%2B08:00&to=2026-12-29T15:00:00%2B08:00",
                "at most 7 days");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Api.Response r = api.get(c.getKey(), "bureau");
            assertThat(r.status()).as(c.getKey()).isEqualTo(c.getKey().contains("no-such") ? 404 : 400);
            assertThat(r.json().get("error").asText()).as(c.getKey()).contains(c.getValue());
        }
    }

    /** Regression (issue 16): the seed's father-and-son call, ±800 m, showed rings of 100 m, frozen when it was raised. */
    @Test
    void theSearchAreaIsNeverSmallerThanTheCallsUncertaintyAndGrowsWhileOpen() {
        String id = ingest(Alerts.lostPerson("scr-call-800", "d-scr-call").with("lastKnownPosition",
                Map.of("lat", 29.2321, "lon", 119.664, "ts", "2026-12-29T16:05:00+08:00", "accuracyM", 800.0, "source", "CALL")));
        clock().set(java.time.Instant.parse("2026-12-29T08:05:00Z"));
        JsonNode now = api.get("/api/incidents/" + id + "/search-area", "command").json();
        assertThat(rings(now)).hasSize(4).allSatisfy(r -> assertThat(r).isGreaterThanOrEqualTo(800));
        assertThat(rings(now)).containsOnly(900L);
        assertThat(now.get("uncertaintyM").asLong()).isEqualTo(800);
        assertThat(now.get("growing").asBoolean()).isTrue();

        clock().advance(Duration.ofHours(1));
        JsonNode later = api.get("/api/incidents/" + id + "/search-area", "command").json();
        assertThat(later.get("elapsedMinutes").asLong()).isEqualTo(60);
        // An hour at 1.5 km/h: 1.5 km of walking on top of the 800 m (the 25 % ring stops at its 1.1 km).
        assertThat(rings(later)).containsExactly(1_900L, 2_300L, 2_300L, 2_300L);

        assertThat(api.get("/api/incidents/" + id + "/search-area", "bureau").status()).isEqualTo(403);
        assertThat(api.get("/api/incidents/inc-nope-1/search-area", "command").status()).isEqualTo(404);
        String wastewater = ingest(Alerts.wastewater("scr-ww-1", "wy-e04"));
        Api.Response none = api.get("/api/incidents/" + wastewater + "/search-area", "command");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("error").asText()).contains("no last known position");
    }

    private static List<Long> rings(JsonNode view) {
        List<Long> out = new ArrayList<>();
        for (JsonNode f : view.at("/area/features")) {
            if ("SEARCH_RING".equals(f.at("/properties/kind").asText())) {
                out.add(f.at("/properties/radiusM").asLong());
            }
        }
        return out;
    }

    @Test
    void anOperatorAcknowledgementIsOnTheTimelineAndStopsTheEscalation() {
        clock().set(java.time.Instant.parse("2026-12-29T08:10:00Z"));
        String seen = ingest(Alerts.lostPerson("scr-ack-1", "d-scr-ack-1"));
        String unseen = ingest(Alerts.lostPerson("scr-ack-2", "d-scr-ack-2"));
        assertThat(api.get("/api/incidents/" + unseen, "command").json().get("unseenSince").asText()).isEqualTo("2026-12-29T16:10:00.000+08:00");

        Api.Response ack = api.post("/api/incidents/" + seen + "/seen", "command", "{}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        assertThat(ack.json().get("seenBy").asText()).isEqualTo("command");
        assertThat(ack.json().has("unseenSince")).isFalse();
        assertThat(ack.json().get("timeline")).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("SEEN");
            assertThat(e.get("user").asText()).isEqualTo("command");
            assertThat(e.get("at").asText()).isEqualTo("2026-12-29T16:10:00.000+08:00");
        });

        // CRITICAL: two minutes for an operator. The acknowledged one stays where it is.
        clock().advance(Duration.ofSeconds(119));
        escalation.scan();
        assertThat(api.get("/api/incidents/" + unseen, "command").json().get("escalationLevel").asText()).isEqualTo("STATION");
        clock().advance(Duration.ofSeconds(2));
        escalation.scan();
        JsonNode escalated = api.get("/api/incidents/" + unseen, "command").json();
        assertThat(escalated.get("escalationLevel").asText()).isEqualTo("COMMAND_CENTRE");
        assertThat(escalated.get("timeline")).anySatisfy(e -> assertThat(e.get("detail").asText())
                .contains("no operator acknowledged the CRITICAL alerts since 2026-12-29T16:10:00.000+08:00"));
        assertThat(api.get("/api/incidents/" + seen, "command").json().get("escalationLevel").asText()).isEqualTo("STATION");
        escalation.scan();
        assertThat(api.get("/api/incidents/" + unseen, "command").json().get("timeline"))
                .as("escalates once until someone acknowledges")
                .filteredOn(e -> e.get("action").asText().startsWith("ESCALAT")).hasSize(1);

        // A later CRITICAL alert waits for an acknowledgement again.
        ingest(Alerts.lostPerson("scr-ack-3", "d-scr-ack-1").with("eventTime", "2026-12-29T08:12:00Z"));
        assertThat(api.get("/api/incidents/" + seen, "command").json().has("unseenSince")).isTrue();
    }

    @Test
    void onlyThoseWhoCommandTheIncidentAcknowledgeIt() {
        String lost = ingest(Alerts.lostPerson("scr-ack-r1", "d-scr-ack-r1"));
        assertThat(api.post("/api/incidents/" + lost + "/seen", "bureau", "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/incidents/" + lost + "/seen", "admin", "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/incidents/" + lost + "/seen", "tm-luodian-police", "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/incidents/" + lost + "/seen", null, "{}").status()).isEqualTo(401);
        assertThat(api.post("/api/incidents/inc-nope-1/seen", "command", "{}").status()).isEqualTo(404);
        String ww = ingest(Alerts.wastewater("scr-ack-r2", "wy-e06"));
        assertThat(api.post("/api/incidents/" + ww + "/seen", "bureau", "{}").status()).isEqualTo(200);
        Api.Response stale = api.post("/api/incidents/" + ww + "/seen", "bureau", "{\"version\":\"0-1\"}");
        assertThat(stale.status()).isEqualTo(409);
        api.post("/api/incidents/" + ww + "/status", "bureau", "{\"status\":\"FALSE_ALARM\"}");
        Api.Response closed = api.post("/api/incidents/" + ww + "/seen", "bureau", "{}");
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.json().get("error").asText()).contains("closed");
    }

    @Test
    void alertsAndIncidentsSortAndFilterOnTheServer() {
        ingest(Alerts.lostPerson("scr-sort-1", "d-scr-sort-1").with("severity", "HIGH").with("eventTime", "2026-12-29T07:00:00Z"));
        ingest(Alerts.lostPerson("scr-sort-2", "d-scr-sort-2").with("eventTime", "2026-12-29T06:00:00Z"));
        ingest(Alerts.lostPerson("scr-sort-3", "d-scr-sort-3").with("severity", "MEDIUM").with("eventTime", "2026-12-29T07:30:00Z"));
        String window = "since=2026-12-29T05:00:00Z&until=2026-12-29T07:59:00Z";
        JsonNode bySeverity = api.get("/api/alerts?" + window + "&sort=-severity", "command").json();
        assertThat(bySeverity.get("items")).extracting(a -> a.get("id").asText()).containsExactly("scr-sort-2", "scr-sort-1", "scr-sort-3");
        JsonNode oldestFirst = api.get("/api/alerts?" + window + "&sort=eventTime", "command").json();
        assertThat(oldestFirst.get("items")).extracting(a -> a.get("id").asText()).containsExactly("scr-sort-2", "scr-sort-1", "scr-sort-3");
        JsonNode lowFirst = api.get("/api/alerts?" + window + "&sort=severity&size=2&page=1", "command").json();
        assertThat(lowFirst.get("items")).extracting(a -> a.get("id").asText()).containsExactly("scr-sort-3", "scr-sort-1");
        assertThat(lowFirst.get("total").asInt()).isEqualTo(3);

        JsonNode incidents = api.get("/api/incidents?since=2026-12-29T05:00:00Z&until=2026-12-29T07:59:00Z&sort=-severity"
                + "&near=29.2108,119.6302,1000", "command").json();
        assertThat(incidents.get("items")).extracting(i -> i.get("subjectId").asText())
                .containsExactly("d-scr-sort-2", "d-scr-sort-1", "d-scr-sort-3");
        assertThat(api.get("/api/incidents?since=2026-12-29T05:00:00Z&until=2026-12-29T07:59:00Z&near=28.9,119.86,1000", "command")
                .json().get("items")).isEmpty();

        Map<String, String> bad = Map.of(
                "/api/alerts?sort=title", "sort: unknown field \"title\"",
                "/api/incidents?sort=-color", "sort: unknown field \"color\"",
                "/api/incidents?near=29.2,119.6", "near: expected lat,lon,radiusM",
                "/api/incidents?since=today", "since: expected an ISO-8601 time",
                "/api/incidents?since=2026-12-29T07:00:00Z&until=2026-12-29T06:00:00Z", "since must be before until");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            Api.Response r = api.get(c.getKey(), "command");
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(c.getKey()).contains(c.getValue());
        }
    }
}
