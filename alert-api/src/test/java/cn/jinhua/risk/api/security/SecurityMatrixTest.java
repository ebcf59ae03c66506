package cn.jinhua.risk.api.security;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint × every role: allowed, denied (401 anonymous, 403 wrong role) or scoped (403 outside its scope). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-security-")
class SecurityMatrixTest {
    /**
     * The incidents of keys LOST_PERSON:device:d-sec and WASTEWATER:plant:wy-e04, generation 1, as
     * literals: ids must not change, or replaying alerts after an upgrade opens second incidents.
     */
    static final String LP = "inc-9eeb38d1b55664d7e086-1";
    static final String WW = "inc-660fe917e135bc95a13a-1";
    static final String ANON = null;
    static final String INGEST = "ingest";
    static final String COMMAND = "command";
    static final String BUREAU = "bureau";
    static final String ADMIN = "admin";
    /** Field team dispatched to the lost-person incident. */
    static final String POLICE = "tm-luodian-police";
    /** Field team dispatched nowhere. */
    static final String FIRE = "tm-wc-fire";
    /** Field team dispatched to the wastewater incident. */
    static final String PLANT = "tm-wy-e04";
    static final String[] EVERYONE = {ANON, INGEST, COMMAND, BUREAU, ADMIN, POLICE, FIRE, PLANT};

    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeAll
    void fixtures() {
        api = new Api(client);
        assertThat(api.post("/api/alerts", INGEST, Alerts.batch(List.of(Alerts.lostPerson("sec-lp", "d-sec"),
                Alerts.wastewater("sec-ww", "wy-e04")))).status()).isEqualTo(200);
        assertThat(api.post("/api/incidents/" + LP + "/dispatch", COMMAND, "{\"teamIds\":[\"" + POLICE + "\"]}").status())
                .isEqualTo(200);
        assertThat(api.post("/api/incidents/" + WW + "/dispatch", BUREAU, "{\"teamIds\":[\"" + PLANT + "\"]}").status())
                .isEqualTo(200);
    }

    /** One endpoint and the status each account gets, in the order of {@link #EVERYONE}. */
    static Stream<Arguments> row(String method, String path, String body, int... statuses) {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < EVERYONE.length; i++) {
            out.add(Arguments.of(method, path, body, EVERYONE[i] == null ? "anonymous" : EVERYONE[i], statuses[i]));
        }
        return out.stream();
    }

    static Stream<Arguments> matrix() {
        String lpAlert = Alerts.lostPerson("sec-lp", "d-sec").json();
        String location = "{\"lat\":29.21,\"lon\":119.63,\"accuracyM\":15}";
        return Stream.of(
                //                                                             anon ingest cmd  bureau admin police fire plant
                row("POST", "/api/alerts", lpAlert,                            401, 200, 403, 403, 403, 403, 403, 403),
                row("GET", "/api/alerts", null,                                401, 403, 200, 200, 200, 403, 403, 403),
                row("GET", "/api/alerts/sec-lp", null,                         401, 403, 200, 403, 200, 403, 403, 403),
                row("GET", "/api/alerts/sec-ww", null,                         401, 403, 200, 200, 200, 403, 403, 403),
                row("GET", "/api/incidents", null,                             401, 403, 200, 200, 200, 200, 200, 200),
                row("GET", "/api/incidents/" + LP, null,                       401, 403, 200, 403, 200, 200, 403, 403),
                row("GET", "/api/incidents/" + WW, null,                       401, 403, 200, 200, 200, 403, 403, 200),
                row("POST", "/api/incidents/" + LP + "/dispatch", "{\"teamIds\":[\"" + POLICE + "\"]}",
                                                                               401, 403, 200, 403, 403, 403, 403, 403),
                row("POST", "/api/incidents/" + WW + "/dispatch", "{\"teamIds\":[\"" + PLANT + "\"]}",
                                                                               401, 403, 200, 200, 403, 403, 403, 403),
                row("POST", "/api/incidents/" + LP + "/status", "{\"status\":\"DISPATCHED\"}",
                                                                               401, 403, 200, 403, 403, 403, 403, 403),
                row("POST", "/api/incidents/" + WW + "/status", "{\"status\":\"DISPATCHED\"}",
                                                                               401, 403, 200, 200, 403, 403, 403, 403),
                row("POST", "/api/incidents/" + LP + "/dispatches/" + POLICE + "/status", "{\"status\":\"DISPATCHED\"}",
                                                                               401, 403, 200, 403, 403, 200, 403, 403),
                row("POST", "/api/incidents/" + WW + "/dispatches/" + PLANT + "/status", "{\"status\":\"DISPATCHED\"}",
                                                                               401, 403, 200, 200, 403, 403, 403, 200),
                row("GET", "/api/world", null,                                 401, 403, 200, 200, 200, 200, 200, 200),
                row("GET", "/api/teams", null,                                 401, 403, 200, 200, 200, 200, 200, 200),
                row("POST", "/api/teams/" + POLICE + "/location", location,    401, 403, 403, 403, 403, 200, 403, 403),
                row("GET", "/health", null,                                    200, 200, 200, 200, 200, 200, 200, 200),
                row("GET", "/swagger/risk-alert-api-0.1.0.yml", null,          200, 200, 200, 200, 200, 200, 200, 200)
        ).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} {1} as {3} → {4}")
    @MethodSource("matrix")
    void everyEndpointForEveryRole(String method, String path, String body, String user, int expected) {
        Api.Response r = api.call(method, path, "anonymous".equals(user) ? null : api.token(user), body);
        assertThat(r.status()).as(method + " " + path + " as " + user + ": " + r.body()).isEqualTo(expected);
        if (expected >= 400) {
            JsonNode error = r.json();
            assertThat(error.get("status").asInt()).isEqualTo(expected);
            assertThat(error.get("error").asText()).isNotBlank();
        }
    }

    @Test
    void listsAreScopedToTheRole() {
        assertThat(incidentIds(BUREAU)).contains(WW).doesNotContain(LP);
        assertThat(incidentIds(POLICE)).containsExactly(LP);
        assertThat(incidentIds(FIRE)).isEmpty();
        assertThat(incidentIds(COMMAND)).contains(LP, WW);
        JsonNode bureauAlerts = api.get("/api/alerts", BUREAU).json().get("items");
        assertThat(bureauAlerts).isNotEmpty();
        bureauAlerts.forEach(a -> assertThat(a.get("scenario").asText()).isEqualTo("WASTEWATER"));
        JsonNode teams = api.get("/api/teams", POLICE).json();
        assertThat(teams).hasSize(1);
        assertThat(teams.get(0).get("id").asText()).isEqualTo(POLICE);
    }

    @Test
    void aFieldTeamSeesOnlyItsOwnDispatchAndMaskedNumbers() {
        api.post("/api/incidents/" + LP + "/dispatch", COMMAND, "{\"teamIds\":[\"tm-jinhua-120\"]}");
        JsonNode seen = api.get("/api/incidents/" + LP, POLICE).json();
        assertThat(seen.get("dispatches")).hasSize(1);
        assertThat(seen.at("/dispatches/0/teamId").asText()).isEqualTo(POLICE);
        assertThat(seen.get("timeline")).isNotEmpty();
        seen.get("timeline").forEach(t -> assertThat(t.get("teamId").isNull() || POLICE.equals(t.get("teamId").asText())).isTrue());
        assertThat(seen.at("/alerts/0/evidence/0/value/callerId").asText()).isEqualTo("138****5678");
        assertThat(api.get("/api/incidents/" + LP, COMMAND).json().at("/alerts/0/evidence/0/value/callerId").asText())
                .isEqualTo("13812345678");
    }

    @Test
    void loginRefusesWrongPasswordsAndUnknownUsers() {
        assertThat(api.call("POST", "/login", null, "{\"username\":\"command\",\"password\":\"nope\"}").status()).isEqualTo(401);
        assertThat(api.call("POST", "/login", null, "{\"username\":\"nobody\",\"password\":\"demo\"}").status()).isEqualTo(401);
        assertThat(api.call("GET", "/api/alerts", "not-a-token", null).status()).isEqualTo(401);
    }

    private List<String> incidentIds(String user) {
        Api.Response r = api.get("/api/incidents", user);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }
}
