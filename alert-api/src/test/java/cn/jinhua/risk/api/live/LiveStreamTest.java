package cn.jinhua.risk.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.sse.SseClient;
import io.micronaut.http.sse.Event;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-stream-")
class LiveStreamTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    @Client("/")
    SseClient sse;
    @Inject
    EventService events;

    /** A subscription collecting every non-ping event. */
    private static final class Listener {
        final BlockingQueue<Event<Map>> received = new LinkedBlockingQueue<>();
        final Disposable subscription;

        Listener(SseClient sse, HttpRequest<?> request) {
            subscription = Flux.from(sse.eventStream(request, Map.class))
                    .filter(e -> !"ping".equals(e.getName()))
                    .subscribe(received::add);
        }

        List<Event<Map>> take(int n) throws InterruptedException {
            List<Event<Map>> out = new ArrayList<>();
            while (out.size() < n) {
                Event<Map> e = received.poll(20, TimeUnit.SECONDS);
                assertThat(e).as("event " + (out.size() + 1) + " of " + n + " after " + out).isNotNull();
                out.add(e);
            }
            return out;
        }
    }

    private void awaitSubscribers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.subscriberCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events.subscriberCount()).isGreaterThanOrEqualTo(n);
    }

    @Test
    void deliversChangesByRoleAndResumesAfterLastEventIdAcrossARestart() throws Exception {
        Api api = new Api(client);
        Listener command = new Listener(sse, HttpRequest.GET("/api/stream").bearerAuth(api.token("command")));
        Listener bureau = new Listener(sse, HttpRequest.GET("/api/stream?access_token=" + api.token("bureau")));
        awaitSubscribers(2);

        assertThat(api.post("/api/alerts", "ingest", Alerts.lostPerson("sse-1", "d-sse-1").json()).status()).isEqualTo(200);
        assertThat(api.post("/api/alerts", "ingest", Alerts.wastewater("sse-2", "wy-e02").json()).status()).isEqualTo(200);

        List<Event<Map>> seen = command.take(4);
        assertThat(seen).extracting(Event::getName).containsExactly("incident", "alert", "incident", "alert");
        assertThat(seen.get(1).getData().get("alertId")).isEqualTo("sse-1");
        // The events' fields as the pages read them; a change made by ingestion names no user.
        assertThat(seen.get(0).getData().keySet()).containsExactlyInAnyOrder("action", "incidentId", "incidentKey",
                "scenario", "status", "severity", "title", "titleZh", "alertCount", "teamIds", "updatedAt", "type", "seq", "at");
        assertThat(seen.get(1).getData().keySet()).containsExactlyInAnyOrder("action", "alertId", "incidentId", "ruleId",
                "scenario", "severity", "title", "titleZh", "eventTime", "location", "type", "seq", "at");
        assertThat(seen.get(1).getData().get("location")).isEqualTo(Map.of("lat", 29.2108, "lon", 119.6302));
        assertThat(seen.get(3).getData().get("alertId")).isEqualTo("sse-2");
        List<Long> ids = seen.stream().map(e -> Long.parseLong(e.getId())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();

        List<Event<Map>> bureauSaw = bureau.take(2);
        assertThat(bureauSaw).allSatisfy(e -> assertThat(e.getData().get("scenario")).isEqualTo("WASTEWATER"));
        assertThat(bureau.received.poll(300, TimeUnit.MILLISECONDS)).isNull();

        command.subscription.dispose();
        bureau.subscription.dispose();
        long lastSeen = ids.get(ids.size() - 1);
        assertThat(api.post("/api/alerts", "ingest", Alerts.lostPerson("sse-3", "d-sse-3").json()).status()).isEqualTo(200);

        Listener resumed = new Listener(sse, HttpRequest.GET("/api/stream").bearerAuth(api.token("command"))
                .header("Last-Event-ID", Long.toString(lastSeen)));
        List<Event<Map>> missed = resumed.take(2);
        assertThat(missed).extracting(e -> e.getData().get("incidentId")).doesNotContainNull();
        assertThat(missed.get(1).getData().get("alertId")).isEqualTo("sse-3");
        assertThat(Long.parseLong(missed.get(0).getId())).isGreaterThan(lastSeen);
        assertThat(resumed.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        resumed.subscription.dispose();

        // Another API process over the same indices: the stored feed resumes there, and new numbers continue above.
        try (ApplicationContext restarted = ApplicationContext.run(Map.of(
                "risk.elasticsearch.index-prefix", "t-stream-", "micronaut.server.port", -1), "test")) {
            EventService after = restarted.getBean(EventService.class);
            Caller commander = new Caller("command", Set.of(Roles.COMMAND), null);
            List<LiveEvent> replay = after.stream(commander, lastSeen).take(2).collectList().block(Duration.ofSeconds(20));
            assertThat(replay).extracting(LiveEvent::seq).containsExactly(
                    Long.parseLong(missed.get(0).getId()), Long.parseLong(missed.get(1).getId()));
            List<LiveEvent> fresh = after.publish(List.of(new EventDraft("team", "LOST_PERSON", List.of("tm-wc-fire"), Map.of())));
            assertThat(fresh.get(0).seq()).isGreaterThan(Long.parseLong(missed.get(1).getId()));
        }
    }

    @Test
    void aFieldTeamSeesOnlyItsOwnDispatches() throws Exception {
        Api api = new Api(client);
        String incident = api.post("/api/alerts", "ingest", Alerts.lostPerson("sse-4", "d-sse-4").json()).json()
                .at("/alerts/0/incidentId").asText();
        int before = events.subscriberCount();
        Listener fire = new Listener(sse, HttpRequest.GET("/api/stream").bearerAuth(api.token("tm-wc-fire")));
        awaitSubscribers(before + 1);
        api.post("/api/incidents/" + incident + "/dispatch", "command", "{\"teamIds\":[\"tm-jinhua-120\"]}");
        api.post("/api/incidents/" + incident + "/dispatch", "command", "{\"teamIds\":[\"tm-wc-fire\"]}");
        List<Event<Map>> got = fire.take(2);
        assertThat(got).extracting(Event::getName).containsExactly("incident", "dispatch");
        assertThat(got.get(1).getData().get("teamId")).isEqualTo("tm-wc-fire");
        assertThat(got.get(1).getData().keySet()).containsExactlyInAnyOrder("action", "incidentId", "scenario", "teamId",
                "teamName", "status", "byEscalation", "ackDueAt", "title", "titleZh", "location", "user", "type", "seq", "at");
        assertThat(got.get(1).getData().get("user")).isEqualTo("command");
        assertThat(fire.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        fire.subscription.dispose();
    }

    @Test
    void refusesTheStreamWithoutAToken() {
        Api api = new Api(client);
        assertThat(api.call("GET", "/api/stream", null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/api/stream?access_token=forged", null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/api/stream", Api.INGEST_TOKEN, null).status()).isEqualTo(403);
    }
}
