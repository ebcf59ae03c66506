package cn.jinhua.risk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.Figures;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets a clear 4xx with a reason naming what is wrong, never a stack trace, and stores nothing. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-badinput-")
class BadInputTest {
    /** The incident of key LOST_PERSON:device:d-bad, generation 1: a changed id scheme breaks idempotent replay. */
    static final String LP = "inc-1fcd0e4d494a618a4281-1";
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeAll
    void fixtures() {
        api = new Api(client);
        assertThat(api.post("/api/alerts", "ingest", Alerts.lostPerson("bad-ok", "d-bad").json()).status()).isEqualTo(200);
        assertThat(api.post("/api/incidents/" + LP + "/dispatch", "command", "{\"teamIds\":[\"tm-wc-fire\"]}").status())
                .isEqualTo(200);
    }

    static Arguments bad(String method, String path, String user, String body, int status, String reason) {
        return Arguments.of(method, path, user, body, status, reason);
    }

    static Stream<Arguments> cases() {
        String big = "x".repeat(300 * 1024);
        return Stream.of(
                bad("POST", "/api/alerts", "ingest", "{\"id\":", 400, "malformed JSON"),
                bad("POST", "/api/alerts", "ingest", "42", 400, "body: expected a JSON object"),
                bad("POST", "/api/alerts", "ingest", "[]", 400, "empty batch"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b1", "d").without("id").json(), 400, "id: is required"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b2", "d").without("location").json(), 400,
                        "location: is required"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b3", "d").with("ruleVersion", "1").json(), 400,
                        "ruleVersion: expected an integer, got a string"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b4", "d").with("severity", "URGENT").json(), 400,
                        "severity: unknown value \"URGENT\""),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b5", "d").with("scenario", "FLOOD").json(), 400,
                        "scenario: unknown value \"FLOOD\""),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b6", "d").with("location", Map.of("lat", 95, "lon", 119)).json(),
                        400, "location.lat: must be within -90..90"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b7", "d").with("eventTime", "yesterday").json(), 400,
                        "eventTime: expected an ISO-8601 time"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b8", "d").with("title", 7).json(), 400,
                        "title: expected a string, got an integer"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b9", "d").with("responseLevel", "CITY").json(), 400,
                        "responseLevel: unknown value"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b10", "d").with("evidence", List.of("text")).json(), 400,
                        "evidence[0]: expected an object"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b11", "d").with("id", "a/b").json(), 400, "id: must be"),
                // Where the contract's schema is stricter than the API used to be.
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b16", "d").with("eventTime", "2026-12-29t08:05:00z").json(),
                        400, "eventTime: expected an ISO-8601 time"),
                // Years outside 2000-9999 (Elasticsearch's date parsing breaks beyond them): refused, never a 500.
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b21", "d").with("eventTime", "1999-12-31T23:59:59+08:00").json(),
                        400, "eventTime: expected an ISO-8601 time with offset in the years 2000–9999"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b22", "d").with("eventTime", "+10000-01-01T00:00:00Z").json(),
                        400, "eventTime: expected an ISO-8601 time with offset in the years 2000–9999"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b23", "d").with("eventTime", "10000-01-01T00:00:00Z").json(),
                        400, "eventTime: expected an ISO-8601 time with offset in the years 2000–9999"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b24", "d").with("eventTime", "+300000000-01-01T00:00:00Z").json(),
                        400, "eventTime: expected an ISO-8601 time with offset in the years 2000–9999"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b25", "d").with("eventTime", "0000-01-01T00:00:00Z").json(),
                        400, "eventTime: expected an ISO-8601 time with offset in the years 2000–9999"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b26", "d").with("detectedAt", "10000-01-01T00:00:00Z").json(),
                        400, "detectedAt: expected an ISO-8601 time"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b17", "d").with("ruleId", "r".repeat(129)).json(), 400,
                        "ruleId: must be at most 128 characters, got 129"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b18", "d").with("lastKnownPosition",
                        Map.of("lat", 29.2, "lon", 119.6, "source", "SATELLITE")).json(), 400,
                        "lastKnownPosition.source: unknown value \"SATELLITE\""),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b19", "d").with("lastKnownPosition",
                        Map.of("lat", 29.2, "lon", 119.6, "accuracyM", -1)).json(), 400, "lastKnownPosition.accuracyM: must be at least 0"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b20", "d").with("nearestTrail", Map.of("id", "t")).json(), 400,
                        "nearestTrail.distanceM: is required"),
                bad("POST", "/api/alerts", "ingest", Alerts.batch(List.of(Alerts.lostPerson("b12", "d"),
                        Alerts.lostPerson("b13", "d").with("severity", "SEVERE"))), 400, "alerts[1].severity: unknown value"),
                bad("POST", "/api/alerts", "ingest", Alerts.lostPerson("b14", "d").with("titleZh", big).json(), 413,
                        "at most 262144 bytes"),
                bad("POST", "/api/alerts", "ingest", Alerts.batch(List.of(Alerts.lostPerson("b15", "d").with("titleZh", big))), 413,
                        "alerts[0]: an alert may be at most"),
                bad("GET", "/api/alerts?near=29.2,abc,100", "command", null, 400, "near: longitude \"abc\" is not a number"),
                bad("GET", "/api/alerts?near=29.2,119.6", "command", null, 400, "near: expected lat,lon,radiusM"),
                bad("GET", "/api/alerts?near=29.2,119.6,-5", "command", null, 400, "near: radiusM"),
                bad("GET", "/api/alerts?size=0", "command", null, 400, "size: must be between 1 and 500"),
                bad("GET", "/api/alerts?size=many", "command", null, 400, "size: expected an integer"),
                bad("GET", "/api/alerts?from=9990&size=100", "command", null, 400, "from + size must be at most 10000"),
                bad("GET", "/api/alerts?since=monday", "command", null, 400, "since: expected an ISO-8601 time"),
                bad("GET", "/api/alerts?severity=SEVERE", "command", null, 400, "severity: unknown value"),
                bad("GET", "/api/alerts?status=DONE", "command", null, 400, "status: unknown value"),
                bad("GET", "/api/incidents?open=maybe", "command", null, 400, "open: expected true or false"),
                bad("GET", "/api/alerts/no-such-alert", "command", null, 404, "no alert no-such-alert"),
                bad("GET", "/api/incidents/no-such-incident", "command", null, 404, "no incident no-such-incident"),
                bad("GET", "/api/nothing-here", "command", null, 404, "Not Found"),
                bad("POST", "/api/incidents/no-such-incident/dispatch", "command", "{\"teamIds\":[\"tm-wc-fire\"]}", 404,
                        "no incident"),
                bad("POST", "/api/incidents/" + LP + "/dispatch", "command", "{\"teamIds\":[]}", 400, "teamIds: at least one"),
                bad("POST", "/api/incidents/" + LP + "/dispatch", "command", "{}", 400, "teamIds: at least one"),
                bad("POST", "/api/incidents/" + LP + "/dispatch", "command", "{\"teamIds\":[\"tm-nope\"]}", 400,
                        "teamIds[0]: no team \"tm-nope\""),
                bad("POST", "/api/incidents/" + LP + "/dispatch", "command", "{\"teamIds\":", 400,
                        "Invalid JSON: Unexpected end-of-input within/between Object entries"),
                bad("POST", "/api/incidents/" + LP + "/dispatch", "command", "{\"teamIds\":\"tm-wc-fire\"}", 400,
                        "Failed to convert argument [command] for value [null] due to: Unexpected token VALUE_STRING, expected START_ARRAY"),
                bad("POST", "/api/incidents/" + LP + "/dispatch", "command",
                        "{\"teamIds\":[\"tm-jinhua-120\"],\"version\":\"999-1\"}", 409, "changed since version 999-1"),
                bad("POST", "/api/incidents/" + LP + "/status", "command", "{}", 400, "status: is required"),
                bad("POST", "/api/incidents/" + LP + "/status", "command", "{\"status\":\"DONE\"}", 400, "status: unknown value"),
                bad("POST", "/api/incidents/" + LP + "/status", "command", "{\"status\":\"NEW\"}", 409, "cannot go back"),
                bad("POST", "/api/incidents/" + LP + "/dispatches/tm-bluesky/status", "command", "{\"status\":\"ACKNOWLEDGED\"}",
                        404, "not dispatched"),
                bad("POST", "/api/teams/tm-wc-fire/location", "tm-wc-fire", "{\"lon\":119.6}", 400, "lat: is required"),
                bad("POST", "/api/teams/tm-wc-fire/location", "tm-wc-fire", "{\"lat\":29.2,\"lon\":190}", 400, "lon: must be within"),
                bad("POST", "/api/teams/tm-wc-fire/location", "tm-wc-fire", "{\"lat\":29.2,\"lon\":119.6,\"ts\":\"now\"}", 400,
                        "ts: expected an ISO-8601 time"),
                bad("POST", "/api/teams/tm-nope/location", "tm-wc-fire", "{\"lat\":29.2,\"lon\":119.6}", 404, "no team tm-nope"),
                bad("POST", "/login", null, "{\"username\":\"command\"}", 400, "password: must not be blank"));
    }

    @ParameterizedTest(name = "{0} {1} → {4} {5}")
    @MethodSource("cases")
    void refusesWithAReasonAndNoStackTrace(String method, String path, String user, String body, int status, String reason) {
        Api.Response r = api.call(method, path, user == null ? null : api.token(user), body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode json = r.json();
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("error").asText()).isNotBlank().contains(reason);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
        Figures.report("Bad input", method + " " + path.replaceAll("inc-[0-9a-f]+-1", "{incident}") + ": " + reason,
                Figures.COMMAND_PREFIX + "BadInputTest", Figures.of("tried", 1, "denied", status + " with its reason"));
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedWithWhereItBreaks() {
        byte[] body = Alerts.lostPerson("b-latin1", "d-b").with("titleZh", "@@").json().getBytes(StandardCharsets.UTF_8);
        int at = new String(body, StandardCharsets.US_ASCII).indexOf("@@");
        // 0xC3 0x28: a two-byte lead followed by an ASCII byte, invalid in UTF-8.
        body[at] = (byte) 0xC3;
        body[at + 1] = (byte) 0x28;
        HttpClientResponseException refused = catchThrowableOfType(() -> client.toBlocking().exchange(
                HttpRequest.POST("/api/alerts", body).contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(api.token("ingest")),
                String.class), HttpClientResponseException.class);
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(400);
        assertThat(refused.getResponse().getBody(String.class).orElse("")).contains("malformed JSON").contains("UTF-8")
                .doesNotContain("Exception");
        assertThat(api.get("/api/alerts/b-latin1", "command").status()).isEqualTo(404);
    }

    @Test
    void aRefusedBatchStoresNothing() {
        Api.Response refused = api.post("/api/alerts", "ingest", Alerts.batch(List.of(Alerts.lostPerson("b-batch-ok", "d-b"),
                Alerts.lostPerson("b-batch-bad", "d-b").with("severity", "SEVERE"))));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).startsWith("1 of 2 alerts refused, nothing stored: ")
                .contains("alerts[1].severity: unknown value \"SEVERE\"");
        assertThat(api.get("/api/alerts/b-batch-ok", "command").status()).isEqualTo(404);
    }
}
