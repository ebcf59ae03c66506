package cn.jinhua.risk.api.zone;

import static cn.jinhua.risk.api.support.ControlTopics.await;
import static cn.jinhua.risk.api.support.ControlTopics.json;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.ControlTopics;
import cn.jinhua.risk.api.support.KafkaSessionListener;
import cn.jinhua.risk.api.support.SeedFeatures;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zones API against a real broker: a drawn zone is a world-upsert of a checked GeoJSON Feature
 * with its expiry, a deletion a world-delete; the list follows the verdicts; bad geometry and
 * expiries are 400s naming the field; who may draw what.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-zones-")
@Property(name = "risk.control.enabled", value = "true")
@Property(name = "risk.control.group-id", value = "t-zones")
class ZonesApiTest {
    /** A landslide zone on Beishan, [longitude, latitude]. */
    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[119.630,29.210],[119.634,29.210],[119.634,29.214],[119.630,29.214],[119.630,29.210]]]}";
    static final String BOWTIE = "{\"type\":\"Polygon\",\"coordinates\":[[[119.630,29.210],[119.634,29.214],[119.634,29.210],[119.630,29.214],[119.630,29.210]]]}";
    static final String FUTURE = "2099-12-18T20:00:00+08:00";

    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    static String zone(String kind, String geometry, String expiresAt) {
        return "{\"kind\":\"" + kind + "\",\"name\":\"Landslide closure\",\"nameZh\":\"塌方封闭区\",\"geometry\":" + geometry
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
    }

    private JsonNode zoneListed(String user, String id) {
        for (JsonNode z : api.get("/api/zones", user).json()) {
            if (z.get("id").asText().equals(id)) {
                return z;
            }
        }
        return null;
    }

    @Test
    void aDrawnZoneIsAWorldUpsertWithItsExpiryAndRunsOnceAccepted() {
        Api.Response r = api.post("/api/zones", "command", zone("MOUNTAIN_AREA", SQUARE, FUTURE));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String changeId = r.json().get("changeId").asText();
        String id = r.json().get("featureId").asText();
        assertThat(id).startsWith("zone-");

        ConsumerRecord<String, String> record = ControlTopics.sent(changeId);
        assertThat(record.key()).isEqualTo("world:" + id);
        JsonNode m = json(record.value());
        assertThat(m.get("kind").asText()).isEqualTo("world-upsert");
        assertThat(m.get("by").asText()).isEqualTo("command");
        assertThat(m.get("expiresAt").asText()).isEqualTo(FUTURE);
        JsonNode feature = m.get("feature");
        assertThat(feature.get("type").asText()).isEqualTo("Feature");
        assertThat(feature.get("geometry")).isEqualTo(json(SQUARE));
        assertThat(feature.get("properties").get("id").asText()).isEqualTo(id);
        assertThat(feature.get("properties").get("type").asText()).isEqualTo("MOUNTAIN_AREA");
        assertThat(feature.get("properties").get("scenario").asText()).isEqualTo("LOST_PERSON");
        assertThat(feature.get("properties").get("nameZh").asText()).isEqualTo("塌方封闭区");

        await("the zone listed as pending", () -> zoneListed("command", id) != null);
        assertThat(zoneListed("command", id).get("active").asBoolean()).isFalse();
        assertThat(zoneListed("command", id).get("lastChange").get("status").asText()).isEqualTo("PENDING");
        ControlTopics.accept(changeId, null, null, 2);
        await("the zone active", () -> zoneListed("command", id).get("active").asBoolean());
        JsonNode listed = zoneListed("command", id);
        assertThat(listed.get("worldVersion").asInt()).isEqualTo(2);
        assertThat(listed.get("expiresAt").asText()).isEqualTo(FUTURE);
        assertThat(listed.get("expired").asBoolean()).isFalse();
        assertThat(zoneListed("bureau", id)).as("a lost-person zone is outside the bureau's scope").isNull();

        assertThat(api.call("DELETE", "/api/zones/" + id, api.token("bureau"), null).status()).isEqualTo(404);
        Api.Response del = api.call("DELETE", "/api/zones/" + id, api.token("command"), null);
        assertThat(del.status()).as(del.body()).isEqualTo(202);
        String deleteId = del.json().get("changeId").asText();
        JsonNode d = json(ControlTopics.sent(deleteId).value());
        assertThat(d.get("kind").asText()).isEqualTo("world-delete");
        assertThat(d.get("featureId").asText()).isEqualTo(id);
        ControlTopics.accept(deleteId, null, null, 3);
        await("the zone gone", () -> zoneListed("command", id) == null);
    }

    @Test
    void aTrailOfTheWorldFilesIsClosedLiveAndReopenedAsTheFilesHaveIt() {
        Api.Response r = api.post("/api/zones/trails/tr-xiake/closure", "command", "{\"expiresAt\":\"" + FUTURE + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String changeId = r.json().get("changeId").asText();
        assertThat(r.json().get("featureId").asText()).isEqualTo("tr-xiake");
        JsonNode m = json(ControlTopics.sent(changeId).value());
        assertThat(m.get("kind").asText()).isEqualTo("world-upsert");
        assertThat(m.get("expiresAt").asText()).isEqualTo(FUTURE);
        JsonNode filed = null;
        for (JsonNode f : api.get("/api/world", "command").json().get("features")) {
            if (f.get("id").asText().equals("tr-xiake")) {
                filed = f;
            }
        }
        assertThat(filed).isNotNull();
        assertThat(filed.get("properties").has("closed")).isFalse();
        JsonNode closed = m.get("feature");
        assertThat(closed.get("geometry")).as("the trail as the world has it").isEqualTo(filed.get("geometry"));
        assertThat(closed.get("properties").get("corridorM")).isEqualTo(filed.get("properties").get("corridorM"));
        assertThat(closed.get("properties").get("closed").asBoolean()).isTrue();

        ControlTopics.accept(changeId, null, null, 5);
        await("the closure running", () -> zoneListed("command", "tr-xiake") != null
                && zoneListed("command", "tr-xiake").get("active").asBoolean());
        JsonNode listed = zoneListed("command", "tr-xiake");
        assertThat(listed.get("kind").asText()).isEqualTo("TRAIL");
        assertThat(listed.get("worldFile").asBoolean()).isTrue();
        assertThat(listed.get("expiresAt").asText()).isEqualTo(FUTURE);
        Api.Response again = api.post("/api/zones/trails/tr-xiake/closure", "command", "{}");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("closed already");

        Api.Response reopen = api.call("DELETE", "/api/zones/tr-xiake", api.token("command"), null);
        assertThat(reopen.status()).as(reopen.body()).isEqualTo(202);
        String reopenId = reopen.json().get("changeId").asText();
        JsonNode back = json(ControlTopics.sent(reopenId).value());
        assertThat(back.get("kind").asText()).as("never a world-delete of a trail of the files").isEqualTo("world-upsert");
        assertThat(back.get("feature")).isEqualTo(filed);
        assertThat(back.has("expiresAt")).isFalse();
        ControlTopics.accept(reopenId, null, null, 6);
        await("a trail as the files have it is no longer listed", () -> zoneListed("command", "tr-xiake") == null);
    }

    @Test
    void onlyATrailIsClosedAndOnlyByWhoChangesItsScenario() {
        Api.Response none = api.post("/api/zones/trails/tr-nowhere/closure", "command", "{}");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).contains("no trail tr-nowhere");
        assertThat(api.post("/api/zones/trails/wy-e03-pool/closure", "admin", "{}").status()).as("a pool is no trail").isEqualTo(404);
        Api.Response bureau = api.post("/api/zones/trails/tr-dapan-ridge/closure", "bureau", "{}");
        assertThat(bureau.status()).isEqualTo(403);
        assertThat(bureau.body()).contains("LOST_PERSON");
        ControlTopics.refusedSendingNothing(api, "/api/zones/trails/tr-dapan-ridge/closure", "command",
                "{\"expiresAt\":\"2020-01-01T00:00:00+08:00\"}", "expiresAt: must be in the future");
        ControlTopics.refusedSendingNothing(api, "/api/zones/trails/tr-dapan-ridge/closure", "command",
                "{\"expiresAt\":\"noon\"}", "expiresAt: expected an ISO-8601 time");
    }

    /**
     * A plant put in with its pool, sensors and team by {@code ./risk control} (a world-batch on
     * risk.control, not sent by the API) is recorded and listed feature by feature with the batch as
     * their change; once the job accepts it, its team is one the API lists and dispatches.
     */
    @Test
    void aPlantPutInByABatchFromTheCommandLineIsListedAndItsTeamServed() {
        String changeId = "batch-" + java.util.UUID.randomUUID();
        String features = SeedFeatures.plant("wy-e91").stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining(","));
        KafkaSessionListener.send(KafkaSessionListener.CHANGES, "world", "{\"changeId\":\"" + changeId
                + "\",\"kind\":\"world-batch\",\"by\":\"officer-wu\",\"at\":\"2026-12-18T15:00:00+08:00\",\"features\":["
                + features + "]}");

        await("the batch's features listed", () -> zoneListed("bureau", "wy-e91") != null
                && zoneListed("bureau", "wy-e91-pool") != null);
        JsonNode pending = zoneListed("bureau", "wy-e91-pool");
        assertThat(pending.get("active").asBoolean()).isFalse();
        assertThat(pending.get("kind").asText()).isEqualTo("TANK");
        assertThat(pending.get("lastChange").get("changeId").asText()).isEqualTo(changeId);
        assertThat(pending.get("lastChange").get("kind").asText()).isEqualTo("world-batch");
        assertThat(pending.get("lastChange").get("status").asText()).isEqualTo("PENDING");
        assertThat(teamIds("bureau")).doesNotContain("tm-wy-e91");

        ControlTopics.accept(changeId, null, null, 7);
        await("the plant and its pool running", () -> zoneListed("bureau", "wy-e91").get("active").asBoolean()
                && zoneListed("bureau", "wy-e91-pool").get("active").asBoolean());
        assertThat(zoneListed("bureau", "wy-e91").get("worldVersion").asInt()).isEqualTo(7);
        assertThat(zoneListed("command", "wy-e91-pool")).as("the command centre sees every zone").isNotNull();
        Api.Response change = api.get("/api/zones/changes/" + changeId, "bureau");
        assertThat(change.status()).as(change.body()).isEqualTo(200);
        assertThat(change.json().get("status").asText()).isEqualTo("ACCEPTED");
        await("the plant's team served", () -> teamIds("bureau").contains("tm-wy-e91"));

        String outId = "batch-" + java.util.UUID.randomUUID();
        KafkaSessionListener.send(KafkaSessionListener.CHANGES, "world", "{\"changeId\":\"" + outId
                + "\",\"kind\":\"world-batch\",\"by\":\"officer-wu\",\"at\":\"2026-12-18T15:10:00+08:00\",\"deleteIds\":"
                + "[\"wy-e91-gate-depth\",\"wy-e91-pool-level\",\"wy-e91-pool\",\"wy-e91\",\"tm-wy-e91\"]}");
        await("the batch taking the plant out recorded", () -> zoneListed("bureau", "wy-e91").get("lastChange")
                .get("changeId").asText().equals(outId));
        ControlTopics.accept(outId, null, null, 8);
        await("the plant gone", () -> zoneListed("bureau", "wy-e91") == null && !teamIds("bureau").contains("tm-wy-e91"));
    }

    private java.util.List<String> teamIds(String user) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        api.get("/api/teams", user).json().forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    @Test
    void aRefusedZoneIsListedWithTheJobsReason() {
        Api.Response r = api.post("/api/zones", "admin", zone("COVERAGE_GAP", SQUARE, null));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("featureId").asText();
        ControlTopics.refuse(r.json().get("changeId").asText(), null, null, "the world is changed with its files in this build");
        await("the refusal", () -> zoneListed("admin", id) != null
                && "REFUSED".equals(zoneListed("admin", id).get("lastChange").get("status").asText()));
        JsonNode z = zoneListed("admin", id);
        assertThat(z.get("active").asBoolean()).isFalse();
        assertThat(z.get("lastChange").get("reason").asText()).isEqualTo("the world is changed with its files in this build");
    }

    static Stream<Arguments> badZones() {
        return Stream.of(
                Arguments.of(zone("MOUNTAIN_AREA", BOWTIE, FUTURE), "geometry: "),
                Arguments.of(zone("MOUNTAIN_AREA", "{\"type\":\"Polygon\",\"coordinates\":[[[119.63,29.21],[119.64,29.21],[119.64,29.22]]]}", FUTURE), "geometry: "),
                Arguments.of(zone("MOUNTAIN_AREA", "{\"type\":\"Polygon\",\"coordinates\":[[[219.63,29.21],[119.64,29.21],[119.64,29.22],[219.63,29.21]]]}", FUTURE), "geometry: "),
                Arguments.of(zone("TRAIL", SQUARE, FUTURE), "geometry: "),
                Arguments.of(zone("MOUNTAIN_AREA", SQUARE, "2020-01-01T00:00:00+08:00"), "expiresAt: must be in the future"),
                Arguments.of(zone("MOUNTAIN_AREA", SQUARE, "tomorrow"), "expiresAt: expected an ISO-8601 time"),
                Arguments.of(zone("PLANT", SQUARE, FUTURE), "kind: must be one of"),
                Arguments.of(zone("HAZARD", SQUARE, FUTURE), "hazard: "));
    }

    @ParameterizedTest
    @MethodSource("badZones")
    void aBadZoneIsA400NamingTheFieldAndSendsNothing(String body, String reason) {
        ControlTopics.refusedSendingNothing(api, "/api/zones", "command", body, reason);
    }

    @Test
    void eachRoleDrawsItsOwnScenariosZones() {
        assertThat(api.post("/api/zones", "bureau", zone("MOUNTAIN_AREA", SQUARE, FUTURE)).status()).isEqualTo(403);
        assertThat(api.post("/api/zones", "bureau", zone("INDUSTRIAL_PARK", SQUARE, FUTURE)).status()).isEqualTo(202);
        assertThat(api.post("/api/zones", "command", zone("INDUSTRIAL_PARK", SQUARE, FUTURE)).status()).isEqualTo(403);
        assertThat(api.post("/api/zones", "admin", zone("INDUSTRIAL_PARK", SQUARE, FUTURE)).status()).isEqualTo(202);
        assertThat(api.post("/api/zones", "tm-luodian-police", zone("MOUNTAIN_AREA", SQUARE, FUTURE)).status()).isEqualTo(403);
        assertThat(api.post("/api/zones", null, zone("MOUNTAIN_AREA", SQUARE, FUTURE)).status()).isEqualTo(401);
    }
}
