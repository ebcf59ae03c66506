package cn.jinhua.risk.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.BadBodies;
import cn.jinhua.risk.api.support.Figures;
import cn.jinhua.risk.api.support.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * At least 10,000 generated bad bodies per write endpoint ({@link BadBodies}): each gets a 4xx with
 * a reason, never a 5xx or a stack trace, and a valid request after every 100 of them still works
 * (and, for alerts, is stored and found). The API runs for real, over the test Elasticsearch. Each
 * try sends a batch of bodies, four at a time, as concurrent clients would.
 */
class WriteEndpointsFuzzTest {
    static final int TRIES = 20;
    static final int BATCH = 500;
    static final int IN_FLIGHT = 4;
    static final int VALID_EVERY = 100;
    static final String POLICE = "tm-luodian-police";
    static EmbeddedServer server;
    static RawHttp raw;
    static String incident;
    static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    /** Per endpoint: bad bodies tried, refused with 4xx, valid requests between them that worked. */
    static final Map<String, int[]> COUNTS = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    static final AtomicInteger VALID_IDS = new AtomicInteger();

    @BeforeContainer
    static void start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("risk.elasticsearch.index-prefix", "t-fuzz-"), "test");
        raw = new RawHttp(server.getURL());
        RawHttp.Response ingest = raw.send("POST", "/api/alerts", Api.INGEST_TOKEN, Alerts.lostPerson("fuzz-lp", "d-fuzz").json());
        assertThat(ingest.status()).as(ingest.body()).isEqualTo(200);
        incident = ingest.asApi().json().at("/alerts/0/incidentId").asText();
        RawHttp.Response dispatch = raw.send("POST", "/api/incidents/" + incident + "/dispatch", token("command"),
                "{\"teamIds\":[\"" + POLICE + "\"]}");
        assertThat(dispatch.status()).as(dispatch.body()).isEqualTo(200);
    }

    @AfterContainer
    static void stop() {
        COUNTS.forEach((endpoint, c) -> Figures.report("Bad input", "generated bodies (jqwik): " + endpoint,
                "mvn -B -pl alert-api -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=WriteEndpointsFuzzTest",
                Figures.of("tried", c[0], "denied", c[1] + " with 4xx and a reason, 0 with 5xx",
                        "valid between", c[2] + " of " + c[2] + " worked")));
        if (server != null) {
            server.close();
        }
    }

    static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> {
            RawHttp.Response r = raw.send("POST", "/login", null, "{\"username\":\"" + u + "\",\"password\":\"demo\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return r.asApi().json().get("access_token").asText();
        });
    }

    // ---------------------------------------------------------------------------------------------
    // One property per write endpoint.

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void alerts(@ForAll("alertBodies") List<BadBodies.Body> bodies) {
        refused("POST /api/alerts", "/api/alerts", Api.INGEST_TOKEN, bodies, () -> {
            String id = "fuzz-valid-" + VALID_IDS.incrementAndGet();
            assertThat(raw.send("POST", "/api/alerts", Api.INGEST_TOKEN, Alerts.lostPerson(id, "d-" + id).json()).status())
                    .isEqualTo(200);
            assertThat(raw.send("GET", "/api/alerts/" + id, token("command"), null).status()).isEqualTo(200);
        });
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void login(@ForAll("loginBodies") List<BadBodies.Body> bodies) {
        refused("POST /login", "/login", null, bodies, () ->
                assertThat(raw.send("POST", "/login", null, "{\"username\":\"bureau\",\"password\":\"demo\"}").status()).isEqualTo(200));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void dispatch(@ForAll("dispatchBodies") List<BadBodies.Body> bodies) {
        refused("POST /api/incidents/{id}/dispatch", "/api/incidents/" + incident + "/dispatch", token("command"), bodies, () ->
                assertThat(raw.send("POST", "/api/incidents/" + incident + "/dispatch", token("command"),
                        "{\"teamIds\":[\"" + POLICE + "\"]}").status()).isEqualTo(200));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void incidentStatus(@ForAll("statusBodies") List<BadBodies.Body> bodies) {
        refused("POST /api/incidents/{id}/status", "/api/incidents/" + incident + "/status", token("command"), bodies, () ->
                assertThat(raw.send("GET", "/api/incidents/" + incident, token("command"), null).status()).isEqualTo(200));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void dispatchStatus(@ForAll("statusBodies") List<BadBodies.Body> bodies) {
        String path = "/api/incidents/" + incident + "/dispatches/" + POLICE + "/status";
        refused("POST /api/incidents/{id}/dispatches/{team}/status", path, token(POLICE), bodies, () ->
                assertThat(raw.send("GET", "/api/incidents/" + incident, token(POLICE), null).status()).isEqualTo(200));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void acknowledgement(@ForAll("seenBodies") List<BadBodies.Body> bodies) {
        String path = "/api/incidents/" + incident + "/seen";
        refused("POST /api/incidents/{id}/seen", path, token("command"), bodies, () ->
                assertThat(raw.send("POST", path, token("command"), "{}").status()).isEqualTo(200));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void teamLocation(@ForAll("locationBodies") List<BadBodies.Body> bodies) {
        String path = "/api/teams/" + POLICE + "/location";
        refused("POST /api/teams/{id}/location", path, token(POLICE), bodies, () ->
                assertThat(raw.send("POST", path, token(POLICE), "{\"lat\":29.21,\"lon\":119.63,\"accuracyM\":15}").status())
                        .isEqualTo(200));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void ruleParameters(@ForAll("ruleParameterBodies") List<BadBodies.Body> bodies) {
        String path = "/api/rules/hiker.off-trail-stationary/parameters";
        refused("POST /api/rules/{id}/parameters", path, token("command"), bodies, () ->
                assertThat(raw.send("POST", path, token("command"), "{\"parameters\":{\"stillMinutes\":25}}").status())
                        .isEqualTo(202));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void zones(@ForAll("zoneBodies") List<BadBodies.Body> bodies) {
        refused("POST /api/zones", "/api/zones", token("command"), bodies, () ->
                assertThat(raw.send("POST", "/api/zones", token("command"), zone().toString()).status()).isEqualTo(202));
    }

    // ---------------------------------------------------------------------------------------------

    interface Check {
        void run();
    }

    /** Sends the bodies, {@value #IN_FLIGHT} at a time, and rethrows the first refusal that was not one. */
    static void refused(String endpoint, String path, String bearer, List<BadBodies.Body> bodies, Check valid) {
        int[] c = COUNTS.computeIfAbsent(endpoint, k -> new int[3]);
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (BadBodies.Body body : bodies) {
                sent.add(pool.submit(() -> refused(endpoint, path, bearer, body, valid, c)));
            }
            for (Future<?> f : sent) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError a) {
                        throw a;
                    }
                    throw new AssertionError(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends a bad body: 4xx, a JSON reason, no trace of Java. Every 100th body, a valid request must work. */
    static void refused(String endpoint, String path, String bearer, BadBodies.Body body, Check valid, int[] c) {
        RawHttp.Response r = raw.send("POST", path, bearer, body.bytes(), "application/json");
        String what = endpoint + " with " + body + " → " + r.status() + " "
                + (r.body().length() > 500 ? r.body().substring(0, 500) + "…" : r.body());
        assertThat(r.status()).as(what).isBetween(400, 499);
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + what, e);
        }
        assertThat(json.path("status").asInt()).as(what).isEqualTo(r.status());
        assertThat(json.path("error").asText()).as(what).isNotBlank();
        assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
        synchronized (c) {
            c[0]++;
            c[1]++;
            if (c[0] % VALID_EVERY == 0) {
                valid.run();
                c[2]++;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The bodies.

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Provide
    Arbitrary<List<BadBodies.Body>> alertBodies() {
        ObjectNode valid = (ObjectNode) Json.MAPPER.valueToTree(Alerts.lostPerson("fuzz-template", "d-fuzz").map());
        String time = "2026-12-29T16:05:00+08:00";
        return new BadBodies(valid, List.of("id", "ruleId", "ruleVersion", "scenario", "severity", "incidentKey", "subjectId",
                "title", "eventTime", "detectedAt", "location"))
                .refusesTopLevel(F.arrayNode())
                .refuses("id", "", "a/b", "x".repeat(129), "id with space")
                .refuses("ruleId", "", "  ", "r".repeat(129))
                .refuses("ruleVersion", "1", 1.5)
                .refuses("scenario", "FLOOD", "")
                .refuses("severity", "URGENT", "")
                .refuses("incidentKey", "", "k".repeat(257))
                .refuses("subjectId", "", "s".repeat(257))
                .refuses("title", "", "   ", "t".repeat(300 * 1024))
                .refuses("eventTime", "yesterday", "2026-12-29T08:05:00", "+10000-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
                        "2026-13-01T00:00:00Z", 20261229, time.replace('T', ' '))
                .refuses("detectedAt", "now", "10000-01-01T00:00:00Z")
                .refuses("location", Map.of("lat", 95, "lon", 119), Map.of("lat", 29, "lon", 181), Map.of("lat", "x", "lon", 1),
                        List.of(29, 119), "29,119", Map.of("lat", 29), F.objectNode().put("lat", new BigDecimal("1e400")).put("lon", 119))
                .refuses("tier", 0, 4, "1")
                .refuses("responseLevel", "CITY")
                .refuses("zoneIds", "bs-mountain", F.objectNode())
                .refuses("evidence", "x", List.of(1), List.of(List.of()))
                .refuses("recommendation", "x", List.of(1))
                .refuses("searchArea", "x")
                .refuses("predictedOverflowAt", "soon", "10000-01-01T00:00:00Z")
                .refuses("lastKnownPosition", Map.of("lat", 95, "lon", 1), "x")
                .refuses("nearestTrail", Map.of("id", "t"), "x")
                .arbitrary().list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<BadBodies.Body>> loginBodies() {
        ObjectNode valid = F.objectNode().put("username", "command").put("password", "demo");
        // No numbers or booleans: a name like 5 is a well-formed login that fails, and failures are throttled.
        return new BadBodies(valid, List.of("username", "password"))
                .refuses("username", "", "   ", "u".repeat(129))
                .refuses("password", "", "   ", "p".repeat(1025))
                .arbitrary().list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<BadBodies.Body>> dispatchBodies() {
        ObjectNode valid = F.objectNode();
        valid.putArray("teamIds").add(POLICE);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            tooMany.add(POLICE);
        }
        return new BadBodies(valid, List.of("teamIds"))
                // Not [["tm-..."]]: Micronaut's binding reads a one-element array as its element, the same request.
                .refuses("teamIds", List.of(), List.of("tm-nope"), POLICE, List.of(""), tooMany, List.of(Map.of("id", POLICE)))
                .refuses("version", "999-1", "garbage", F.objectNode())
                .arbitrary().list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<BadBodies.Body>> statusBodies() {
        ObjectNode valid = F.objectNode().put("status", "ACKNOWLEDGED");
        return new BadBodies(valid, List.of("status"))
                .refuses("status", "DONE", "", "acknowledged", "NEW", "s".repeat(10_000))
                .refuses("version", "999-1", F.objectNode())
                .refuses("note", F.objectNode(), F.arrayNode())
                .arbitrary().list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<BadBodies.Body>> ruleParameterBodies() {
        ObjectNode valid = F.objectNode();
        valid.putObject("parameters").put("stillMinutes", 25);
        return new BadBodies(valid, List.of("parameters"))
                .refuses("parameters", F.objectNode(), "x", List.of(1), Map.of("stillMinutes", 721), Map.of("stillMinutes", 0),
                        Map.of("stillMinutes", "x"), Map.of("stillMinFixes", 2.5), Map.of("nope", 1), Map.of("stillMinutes", List.of(1)),
                        F.objectNode().putNull("stillRadiusM"), F.objectNode().put("stillMinutes", new BigDecimal("1e400")))
                .arbitrary().list().ofSize(BATCH);
    }

    /** A valid zone: a small square on Beishan. */
    static ObjectNode zone() {
        ObjectNode z = F.objectNode().put("kind", "MOUNTAIN_AREA").put("name", "Closure");
        ObjectNode g = z.putObject("geometry").put("type", "Polygon");
        g.putArray("coordinates").addArray().add(F.arrayNode().add(119.630).add(29.210)).add(F.arrayNode().add(119.634).add(29.210))
                .add(F.arrayNode().add(119.634).add(29.214)).add(F.arrayNode().add(119.630).add(29.210));
        return z;
    }

    @Provide
    Arbitrary<List<BadBodies.Body>> zoneBodies() {
        return new BadBodies(zone(), List.of("kind", "name", "geometry"))
                .refuses("kind", "PLANT", "", "mountain_area", "k".repeat(100))
                .refuses("name", "", "   ", "n".repeat(201))
                .refuses("geometry", Map.of("type", "Polygon"), Map.of("type", "Point", "coordinates", List.of(119.63, 29.21)),
                        Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(119.63, 29.21), List.of(119.64, 29.22)))),
                        Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(219.63, 29.21), List.of(119.64, 29.21),
                                List.of(119.64, 29.22), List.of(219.63, 29.21)))), "x", List.of(1))
                .refuses("expiresAt", "tomorrow", "2020-01-01T00:00:00+08:00", "2026-12-29T08:05:00", 20261229)
                .refuses("corridorM", "x", F.objectNode())
                .arbitrary().list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<BadBodies.Body>> seenBodies() {
        // The body is optional: {}, an empty body and null acknowledge without a version check.
        return new BadBodies(F.objectNode(), List.of()).bodyMayBeEmpty()
                .refuses("version", "999-1", "garbage", F.objectNode(), F.arrayNode())
                .arbitrary().list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<BadBodies.Body>> locationBodies() {
        ObjectNode valid = F.objectNode().put("lat", 29.21).put("lon", 119.63).put("accuracyM", 15);
        return new BadBodies(valid, List.of("lat", "lon"))
                .refuses("lat", 95, -91, "abc", F.numberNode(new BigDecimal("1e400")))
                .refuses("lon", 181, -181, "x")
                .refuses("accuracyM", -1, "x", F.objectNode())
                .refuses("ts", "now", "2026-12-29T08:05:00", "2100-01-01T00:00:00Z", "10000-01-01T00:00:00Z")
                .arbitrary().list().ofSize(BATCH);
    }
}
