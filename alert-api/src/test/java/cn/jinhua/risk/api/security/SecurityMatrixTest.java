package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.Figures;
import cn.jinhua.risk.api.support.Jwts;
import cn.jinhua.risk.api.support.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint × every role: allowed, denied (401 anonymous, 403 wrong role) or scoped (403 outside
 * its scope), the live stream with its token in the header and in the query, the CAP feeds and the
 * management endpoints (ADMIN only, health open) included. Each endpoint's row of figures goes to
 * RELIABILITY.md.
 */
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
    /** The live stream with its token as {@code ?access_token=}, as browsers' EventSource sends it. */
    static final String STREAM_WITH_QUERY_TOKEN = "/api/stream?access_token=";
    /** The JWT secret of application-test.yml. */
    static final String SECRET = "test-jwt-secret-0123456789-0123456789-0123456789";
    static final List<String[]> TOKEN_TARGETS = List.of(new String[] {"GET", "/api/alerts", null},
            new String[] {"POST", "/api/incidents/" + LP + "/status", "{\"status\":\"DISPATCHED\"}"},
            new String[] {"GET", "/api/stream", null}, new String[] {"GET", "/beans", null},
            new String[] {"GET", "/api/feeds/wastewater.atom", null});
    /** Per endpoint: calls allowed, calls denied; reported after the class. */
    static final Map<String, int[]> CELLS = new ConcurrentSkipListMap<>();
    static final AtomicInteger TOKENS_DENIED = new AtomicInteger();
    static final List<String> TOKEN_KINDS = new CopyOnWriteArrayList<>();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    Api api;
    RawHttp raw;

    @BeforeAll
    void fixtures() {
        api = new Api(client);
        raw = new RawHttp(server.getURL());
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

    /** A zone of the given kind drawn on Beishan ({@code POST /api/zones}). */
    static final String ZONE = "{\"kind\":\"%s\",\"name\":\"Closure\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[119.630,29.210],[119.634,29.210],[119.634,29.214],[119.630,29.214],[119.630,29.210]]]}}";

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
                row("GET", "/api/stream", null,                                401, 403, 200, 200, 200, 200, 200, 200),
                row("GET", STREAM_WITH_QUERY_TOKEN, null,                      401, 403, 200, 200, 200, 200, 200, 200),
                row("GET", "/api/feeds/wastewater.atom", null,                 401, 403, 200, 200, 200, 403, 403, 403),
                row("GET", "/api/feeds/alerts/sec-ww.cap", null,               401, 403, 200, 200, 200, 403, 403, 403),
                row("GET", "/api/feeds/alerts/sec-lp.cap", null,               401, 403, 200, 403, 200, 403, 403, 403),
                row("POST", "/api/incidents/" + LP + "/seen", "{}",              401, 403, 200, 403, 403, 403, 403, 403),
                row("POST", "/api/incidents/" + WW + "/seen", "{}",              401, 403, 200, 200, 403, 403, 403, 403),
                row("GET", "/api/incidents/" + LP + "/search-area", null,      401, 403, 200, 403, 200, 200, 403, 403),
                row("GET", "/api/devices", null,                               401, 403, 200, 403, 200, 403, 403, 403),
                row("GET", "/api/sensors/wy-e01-pool-level/readings", null,    401, 403, 200, 200, 200, 403, 403, 403),
                row("GET", "/api/rules", null,                                 401, 403, 200, 200, 200, 403, 403, 403),
                row("GET", "/api/rules/hiker.signal-lost", null,               401, 403, 200, 403, 200, 403, 403, 403),
                row("GET", "/api/rules/plating.pool-high", null,               401, 403, 200, 200, 200, 403, 403, 403),
                row("POST", "/api/rules/hiker.signal-lost/parameters", "{\"parameters\":{\"signalLostMinutes\":50}}",
                                                                               401, 403, 202, 403, 202, 403, 403, 403),
                row("POST", "/api/rules/plating.pool-high/parameters", "{\"parameters\":{\"highPct\":75}}",
                                                                               401, 403, 403, 202, 202, 403, 403, 403),
                row("POST", "/api/rules/hiker.after-dark/enabled", "{\"enabled\":true}",
                                                                               401, 403, 202, 403, 202, 403, 403, 403),
                row("POST", "/api/rules/plating.pool-high/enabled", "{\"enabled\":true}",
                                                                               401, 403, 403, 202, 202, 403, 403, 403),
                row("POST", "/api/rules/hiker.after-dark/shadow", "{\"parameters\":{\"afterSunsetMinutes\":45}}",
                                                                               401, 403, 202, 403, 202, 403, 403, 403),
                row("POST", "/api/rules/plating.pool-high/shadow", "{\"parameters\":{\"highPct\":70}}",
                                                                               401, 403, 403, 202, 202, 403, 403, 403),
                row("GET", "/api/zones", null,                                 401, 403, 200, 200, 200, 403, 403, 403),
                row("POST", "/api/zones", ZONE.formatted("MOUNTAIN_AREA"),     401, 403, 202, 403, 202, 403, 403, 403),
                row("POST", "/api/zones", ZONE.formatted("INDUSTRIAL_PARK"),   401, 403, 403, 202, 202, 403, 403, 403),
                row("POST", "/api/zones/trails/tr-viewpoint/closure", "{}",   401, 403, 202, 403, 202, 403, 403, 403),
                row("GET", "/beans", null,                                     401, 403, 403, 403, 200, 403, 403, 403),
                row("GET", "/routes", null,                                    401, 403, 403, 403, 200, 403, 403, 403),
                row("GET", "/threaddump", null,                                401, 403, 403, 403, 200, 403, 403, 403),
                row("GET", "/info", null,                                      401, 403, 403, 403, 200, 403, 403, 403),
                row("POST", "/refresh", "{}",                                  401, 403, 403, 403, 200, 403, 403, 403),
                row("GET", "/health", null,                                    200, 200, 200, 200, 200, 200, 200, 200),
                row("GET", "/swagger/risk-alert-api-0.1.0.yml", null,          200, 200, 200, 200, 200, 200, 200, 200)
        ).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} {1} as {3} → {4}")
    @MethodSource("matrix")
    void everyEndpointForEveryRole(String method, String path, String body, String user, int expected) {
        String token = "anonymous".equals(user) ? null : api.token(user);
        RawHttp.Response r = STREAM_WITH_QUERY_TOKEN.equals(path)
                ? raw.send(method, "/api/stream" + (token == null ? "" : "?access_token=" + token), null, body)
                : raw.send(method, path, token, body);
        assertThat(r.status()).as(method + " " + path + " as " + user + ": " + r.body()).isEqualTo(expected);
        if (expected >= 400) {
            JsonNode error = r.asApi().json();
            assertThat(error.get("status").asInt()).isEqualTo(expected);
            assertThat(error.get("error").asText()).isNotBlank();
        }
        CELLS.computeIfAbsent(method + " " + path, k -> new int[2])[expected >= 400 ? 1 : 0]++;
    }

    /**
     * Tokens that must not get in, on a read, a change, the live stream and a management endpoint:
     * none, garbage, expired, signed with another key, {@code alg: none}, a field team's token with
     * its roles rewritten to COMMAND (the signature no longer matches), and the stream's query token
     * anywhere but the stream. A token this test signs itself with the right key gets in, so the
     * refusals are about what is wrong with each, not about how the test makes tokens.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokensGetNothing(String kind, String token) {
        for (String[] target : TOKEN_TARGETS) {
            RawHttp.Response r = raw.send(target[0], target[1], token, target[2]);
            assertThat(r.status()).as(kind + " on " + target[0] + " " + target[1] + ": " + r.body()).isEqualTo(401);
            assertThat(r.asApi().json().get("error").asText()).isNotBlank();
        }
        TOKENS_DENIED.addAndGet(TOKEN_TARGETS.size());
        TOKEN_KINDS.add(kind);
    }

    Stream<Arguments> badTokens() {
        long now = System.currentTimeMillis() / 1000;
        String team = api.token(POLICE);
        String[] parts = team.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String promoted = payload.replace("\"FIELD_TEAM\"", "\"COMMAND\"");
        assertThat(promoted).isNotEqualTo(payload);
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("not a JWT", "not-a-token"),
                Arguments.of("expired", Jwts.hs256(SECRET, Jwts.claims("command", "COMMAND", now - 7200, now - 3600))),
                Arguments.of("signed with another key", Jwts.hs256("another-secret-0123456789-0123456789-0123456789",
                        Jwts.claims("command", "COMMAND", now, now + 3600))),
                Arguments.of("alg none", Jwts.unsigned(Jwts.claims("command", "COMMAND", now, now + 3600))),
                Arguments.of("roles rewritten", parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(promoted.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]),
                Arguments.of("the ingest token with a letter changed", Api.INGEST_TOKEN.substring(1) + "x"));
    }

    @Test
    void aTokenSignedWithTheRightKeyGetsIn() {
        long now = System.currentTimeMillis() / 1000;
        String token = Jwts.hs256(SECRET, Jwts.claims("command", "COMMAND", now, now + 3600));
        assertThat(raw.send("GET", "/api/alerts", token, null).status()).isEqualTo(200);
    }

    @Test
    void theStreamsQueryTokenIsTakenNowhereElse() {
        String token = api.token(COMMAND);
        RawHttp.Response r = raw.send("GET", "/api/alerts?access_token=" + token, null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(raw.send("GET", "/beans?access_token=" + api.token(ADMIN), null, null).status()).isEqualTo(401);
    }

    @AfterAll
    void reportFigures() {
        String command = Figures.COMMAND_PREFIX + "SecurityMatrixTest";
        CELLS.forEach((endpoint, n) -> Figures.report("Security", "role matrix: " + endpoint, command,
                Figures.of("tried", n[0] + n[1], "denied", n[1] + " (as they should)", "allowed", n[0] + " (as they should)")));
        if (!TOKEN_KINDS.isEmpty()) {
            Figures.report("Security", "bad tokens: " + String.join(", ", TOKEN_KINDS), command,
                    Figures.of("tried", TOKENS_DENIED.get(), "denied", TOKENS_DENIED.get() + " (401, as they should)"));
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
