package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.Figures;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.sse.SseClient;
import io.micronaut.http.sse.Event;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Caller numbers reach the command centre alone. A call without a device (its id, a mobile number,
 * is its subject and incident key), a caller id in full-width digits, landlines with and without a
 * hyphen, in full-width, in a title and in a commander's note: for the bureau, an administrator and
 * a field team, none of them shows in any output (lists, details, the live stream, CAP and Atom,
 * the timeline, search), while the command centre sees every one of them.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-masking-")
class CallerNumbersMaskedEverywhereTest {
    /** The numbers of the fixtures as sent; none may reach a role that must not see them. */
    static final List<String> NUMBERS = List.of("13912345678", "13812345678", "057982345678", "82345678",
            "\uFF11\uFF13\uFF18\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18", "\uFF18\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18",
            "13712345678");
    static final String CALL_ID = "13912345678";
    static final String FULL_WIDTH_CALLER = "\uFF11\uFF13\uFF18\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18";
    static final String PLANT_TEAM = "tm-wy-e03";
    static final String POLICE = "tm-luodian-police";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    @Client("/")
    SseClient sse;
    Api api;
    String lostPersonIncident;
    String wastewaterIncident;
    final Map<String, Listener> streams = new LinkedHashMap<>();
    final Map<String, Integer> outputsChecked = new LinkedHashMap<>();

    /** A subscription collecting every non-ping event's data as JSON text. */
    static final class Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final Disposable subscription;

        Listener(SseClient sse, HttpRequest<?> request) {
            subscription = Flux.from(sse.eventStream(request, Map.class)).filter(e -> !"ping".equals(e.getName()))
                    .subscribe(e -> received.add(json(e)));
        }

        private static String json(Event<Map> e) {
            try {
                return e.getName() + " " + Json.MAPPER.writeValueAsString(e.getData());
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }

        /** Events received until {@code n} arrived or 20 s passed without one. */
        List<String> take(int n) throws InterruptedException {
            List<String> out = new ArrayList<>();
            while (out.size() < n) {
                String e = received.poll(20, TimeUnit.SECONDS);
                assertThat(e).as("event " + (out.size() + 1) + " of " + n + " after " + out).isNotNull();
                out.add(e);
            }
            return out;
        }
    }

    @BeforeAll
    void fixtures() throws Exception {
        api = new Api(client);
        for (String user : List.of("command", "bureau", "admin", POLICE, PLANT_TEAM)) {
            streams.put(user, new Listener(sse, HttpRequest.GET("/api/stream").bearerAuth(api.token(user))));
        }
        Thread.sleep(1_000);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("callerId", FULL_WIDTH_CALLER);
        call.put("category", "LOST");
        call.put("text", "回拨057982345678或\uFF10\uFF15\uFF17\uFF19\uFF0D\uFF18\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18");
        Alerts callOnly = Alerts.lostPerson("mask-call", CALL_ID)
                .with("incidentKey", "LOST_PERSON:call:" + CALL_ID)
                .with("evidence", List.of(Map.of("topic", "risk.calls", "key", CALL_ID, "ts", "2026-12-29T16:05:00+08:00",
                        "value", call)));
        Alerts report = Alerts.wastewater("mask-ww", "wy-e03")
                .with("titleZh", "群众举报电话13812345678：排口冒泡")
                .with("evidence", List.of(Map.of("topic", "risk.calls", "key", "c-report-1", "ts", "2026-12-29T16:05:00+08:00",
                        "value", Map.of("callerId", "13812345678", "text", "举报人座机 0579 8234 5678"))));
        Api.Response ingest = api.post("/api/alerts", "ingest", Alerts.batch(List.of(callOnly, report)));
        assertThat(ingest.status()).as(ingest.body()).isEqualTo(200);
        lostPersonIncident = ingest.json().at("/alerts/0/incidentId").asText();
        wastewaterIncident = ingest.json().at("/alerts/1/incidentId").asText();
        assertThat(api.post("/api/incidents/" + lostPersonIncident + "/dispatch", "command",
                "{\"teamIds\":[\"" + POLICE + "\"]}").status()).isEqualTo(200);
        assertThat(api.post("/api/incidents/" + wastewaterIncident + "/dispatch", "command",
                "{\"teamIds\":[\"" + PLANT_TEAM + "\"]}").status()).isEqualTo(200);
        for (String incident : List.of(lostPersonIncident, wastewaterIncident)) {
            Api.Response noted = api.post("/api/incidents/" + incident + "/status", "command",
                    "{\"status\":\"ACKNOWLEDGED\",\"note\":\"家属来电 13712345678，请回拨\"}");
            assertThat(noted.status()).as(noted.body()).isEqualTo(200);
        }
    }

    @AfterAll
    void report() {
        streams.values().forEach(l -> l.subscription.dispose());
        outputsChecked.forEach((role, n) -> Figures.report("Security", "caller numbers masked for " + role
                        + " (call-only ids, full-width digits, landlines with and without hyphen)",
                Figures.COMMAND_PREFIX + "CallerNumbersMaskedEverywhereTest", Figures.of("tried", n + " outputs",
                        "denied", "0 numbers shown")));
    }

    @Test
    void theCommandCentreSeesEveryNumber() {
        String all = api.get("/api/alerts", "command").body() + api.get("/api/incidents/" + lostPersonIncident, "command").body()
                + api.get("/api/incidents/" + wastewaterIncident, "command").body();
        assertThat(all).contains(CALL_ID, FULL_WIDTH_CALLER, "057982345678", "13812345678", "13712345678", "0579 8234 5678");
    }

    @Test
    void theBureauSeesNoNumberAnywhere() throws Exception {
        String ww = wastewaterIncident;
        checkMasked("bureau", List.of("/api/alerts", "/api/alerts/mask-ww", "/api/incidents", "/api/incidents/" + ww,
                "/api/feeds/alerts/mask-ww.cap", "/api/feeds/wastewater.atom", search("举报"), search("13812345678")));
        assertThat(api.get("/api/incidents/" + ww, "bureau").json().at("/alerts/0/evidence/0/value/callerId").asText())
                .isEqualTo("138****5678");
        assertThat(api.get("/api/alerts/mask-ww", "bureau").json().get("titleZh").asText()).contains("138****5678");
        checkStream("bureau", 5);
    }

    @Test
    void anAdministratorSeesNoNumberAnywhere() throws Exception {
        checkMasked("admin", List.of("/api/alerts", "/api/alerts/mask-call", "/api/alerts/mask-ww", "/api/incidents",
                "/api/incidents/" + lostPersonIncident, "/api/incidents/" + wastewaterIncident, "/api/feeds/alerts/mask-call.cap",
                "/api/feeds/alerts/mask-ww.cap", "/api/feeds/wastewater.atom", search("迷路"), search("13912345678"),
                search("057982345678")));
        var call = api.get("/api/alerts/mask-call", "admin").json();
        assertThat(call.get("subjectId").asText()).isEqualTo("139****5678");
        assertThat(call.get("incidentKey").asText()).isEqualTo("LOST_PERSON:call:139****5678");
        assertThat(call.at("/evidence/0/key").asText()).isEqualTo("139****5678");
        assertThat(call.at("/evidence/0/value/callerId").asText()).isEqualTo("138****5678");
        assertThat(call.at("/evidence/0/value/text").asText()).isEqualTo("回拨057****5678或057****5678");
        var timeline = api.get("/api/incidents/" + lostPersonIncident, "admin").json().get("timeline");
        assertThat(timeline.toString()).contains("家属来电 137****5678，请回拨");
        checkStream("admin", 10);
    }

    @Test
    void aFieldTeamSeesNoNumberAnywhere() throws Exception {
        checkMasked(POLICE, List.of("/api/incidents", "/api/incidents/" + lostPersonIncident));
        checkMasked(PLANT_TEAM, List.of("/api/incidents", "/api/incidents/" + wastewaterIncident));
        assertThat(api.get("/api/incidents/" + lostPersonIncident, POLICE).json().get("subjectId").asText())
                .isEqualTo("139****5678");
        checkStream(POLICE, 3);
        checkStream(PLANT_TEAM, 3);
    }

    private String search(String q) {
        return "/api/alerts?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    private void checkMasked(String user, List<String> paths) {
        for (String path : paths) {
            Api.Response r = api.get(path, user);
            assertThat(r.status()).as(user + " " + path + ": " + r.body()).isEqualTo(200);
            assertNoNumber(user + " GET " + path, r.body());
            outputsChecked.merge(role(user), 1, Integer::sum);
        }
    }

    /** The first {@code n} events of the user's stream (alerts, incidents and dispatches of the fixtures). */
    private void checkStream(String user, int n) throws InterruptedException {
        for (String event : streams.get(user).take(n)) {
            assertNoNumber(user + " stream " + event, event);
            outputsChecked.merge(role(user), 1, Integer::sum);
        }
    }

    private static String role(String user) {
        return switch (user) {
            case "bureau" -> "ENV_BUREAU";
            case "admin" -> "ADMIN";
            default -> "FIELD_TEAM";
        };
    }

    private static void assertNoNumber(String where, String body) {
        for (String n : NUMBERS) {
            assertThat(body).as(where).doesNotContain(n);
        }
        assertThat(body).as(where).doesNotContain("0579 8234 5678");
    }
}
