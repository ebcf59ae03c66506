package cn.jinhua.risk.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.lifecycle.EscalationService;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.sse.SseClient;
import io.micronaut.http.sse.Event;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Two API processes (two application contexts with their own HTTP servers) over one Elasticsearch:
 * every change reaches the clients of both, in one order, and a client may resume on either.
 */
class ReplicasTest {
    static final Caller COMMAND = new Caller("command", Set.of(Roles.COMMAND), null);
    static final String PREFIX = "t-replicas-";
    static EmbeddedServer a;
    static EmbeddedServer b;
    static Api apiA;
    static Api apiB;

    static Map<String, Object> replica() {
        Map<String, Object> p = new HashMap<>();
        p.put("risk.elasticsearch.index-prefix", PREFIX);
        p.put("risk.live.poll", "50ms");
        p.put("risk.live.gap-wait", "500ms");
        p.put("risk.test.mutable-clock", "true");
        p.put("test.flaky-feed", "true");
        return p;
    }

    @BeforeAll
    static void startReplicas() {
        a = ApplicationContext.run(EmbeddedServer.class, replica(), "test");
        b = ApplicationContext.run(EmbeddedServer.class, replica(), "test");
        apiA = new Api(HttpClient.create(a.getURL()));
        apiB = new Api(HttpClient.create(b.getURL()));
    }

    @AfterAll
    static void stopReplicas() {
        a.getApplicationContext().close();
        b.getApplicationContext().close();
    }

    static EventService events(EmbeddedServer s) {
        return s.getApplicationContext().getBean(EventService.class);
    }

    static Api api(EmbeddedServer s) {
        return s == a ? apiA : apiB;
    }

    /**
     * A new event, published on A: collectors that resume after it see nothing of earlier tests,
     * which may still be reaching the other replica.
     */
    static long mark() {
        return events(a).publish(List.of(draft("mark"))).get(0).seq();
    }

    /** Every event a replica's stream delivers to the command centre from now on. */
    static final class Collector {
        final BlockingQueue<LiveEvent> received = new LinkedBlockingQueue<>();
        final Disposable subscription;

        Collector(EventService events, Long lastEventId) throws InterruptedException {
            int before = events.subscriberCount();
            subscription = events.stream(COMMAND, lastEventId).subscribe(received::add);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (events.subscriberCount() <= before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        List<LiveEvent> take(int n) throws InterruptedException {
            List<LiveEvent> out = new ArrayList<>();
            while (out.size() < n) {
                LiveEvent e = received.poll(20, TimeUnit.SECONDS);
                assertThat(e).as("event " + (out.size() + 1) + " of " + n + " after " + out).isNotNull();
                out.add(e);
            }
            return out;
        }
    }

    static EventDraft draft(String name) {
        return new EventDraft("incident", "LOST_PERSON", List.of(), Map.of("name", name));
    }

    static String name(LiveEvent e) {
        return e.payload().path("name").asText(e.payload().path("alertId").asText(e.payload().path("incidentId").asText()));
    }

    @Test
    void anAlertIngestedOnOneReplicaIsDeliveredOnTheOther() throws Exception {
        Collector onB = new Collector(events(b), mark());
        assertThat(api(a).post("/api/alerts", "ingest", Alerts.lostPerson("rep-1", "d-rep-1").json()).status()).isEqualTo(200);
        List<LiveEvent> got = onB.take(2);
        assertThat(got).extracting(LiveEvent::type).containsExactly("incident", "alert");
        assertThat(got.get(1).payload().get("alertId").asText()).isEqualTo("rep-1");
        onB.subscription.dispose();
    }

    @Test
    void aClientThatReconnectsToTheOtherReplicaGetsExactlyTheRestInOrder() throws Exception {
        long mark = mark();
        Collector everything = new Collector(events(a), mark);
        BlockingQueue<Event<Map>> fromA = new LinkedBlockingQueue<>();
        SseClient sseA = SseClient.create(a.getURL());
        Disposable first = Flux.from(sseA.eventStream(HttpRequest.GET("/api/stream").bearerAuth(api(a).token("command"))
                        .header("Last-Event-ID", Long.toString(mark)), Map.class))
                .filter(e -> !"ping".equals(e.getName())).subscribe(fromA::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events(a).subscriberCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (int i = 0; i < 3; i++) {
            api(i % 2 == 0 ? a : b).post("/api/alerts", "ingest", Alerts.lostPerson("rep-resume-" + i, "d-rep-resume-" + i).json());
        }
        List<Long> readOnA = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Event<Map> e = fromA.poll(20, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            readOnA.add(Long.parseLong(e.getId()));
        }
        first.dispose();
        api(b).post("/api/alerts", "ingest", Alerts.lostPerson("rep-resume-3", "d-rep-resume-3").json());
        List<LiveEvent> all = everything.take(8);

        SseClient sseB = SseClient.create(b.getURL());
        BlockingQueue<Event<Map>> fromB = new LinkedBlockingQueue<>();
        Disposable resumed = Flux.from(sseB.eventStream(HttpRequest.GET("/api/stream").bearerAuth(api(b).token("command"))
                        .header("Last-Event-ID", Long.toString(readOnA.get(2))), Map.class))
                .filter(e -> !"ping".equals(e.getName())).subscribe(fromB::add);
        List<Long> rest = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Event<Map> e = fromB.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("event " + (i + 1) + " of the rest, after " + rest).isNotNull();
            rest.add(Long.parseLong(e.getId()));
        }
        assertThat(fromB.poll(500, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
        List<Long> allIds = all.stream().map(LiveEvent::seq).toList();
        assertThat(allIds.subList(0, 3)).isEqualTo(readOnA);
        assertThat(rest).isEqualTo(allIds.subList(3, 8));
        resumed.dispose();
        everything.subscription.dispose();
    }

    @Test
    void concurrentPublishesOnBothReplicasAreSeenInOneOrderOnBoth() throws Exception {
        long mark = mark();
        Collector onA = new Collector(events(a), mark);
        Collector onB = new Collector(events(b), mark);
        int perThread = 30;
        List<CompletableFuture<Void>> publishers = IntStream.range(0, 4).mapToObj(t -> CompletableFuture.runAsync(() -> {
            EventService on = events(t % 2 == 0 ? a : b);
            for (int i = 0; i < perThread; i++) {
                List<EventDraft> drafts = new ArrayList<>();
                for (int k = 0; k <= i % 3; k++) {
                    drafts.add(draft("p" + t + "-" + i + "-" + k));
                }
                on.publish(drafts);
            }
        })).toList();
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        int total = 4 * IntStream.range(0, perThread).map(i -> i % 3 + 1).sum();

        List<LiveEvent> seenOnA = onA.take(total);
        List<LiveEvent> seenOnB = onB.take(total);
        assertThat(seenOnA.stream().map(ReplicasTest::name).distinct().count()).isEqualTo(total);
        assertThat(seenOnA).extracting(LiveEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(seenOnB).extracting(LiveEvent::seq).containsExactlyElementsOf(seenOnA.stream().map(LiveEvent::seq).toList());
        assertThat(seenOnB).extracting(ReplicasTest::name).containsExactlyElementsOf(seenOnA.stream().map(ReplicasTest::name).toList());
        assertThat(onA.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(onB.received).isEmpty();
        onA.subscription.dispose();
        onB.subscription.dispose();
    }

    @Test
    void aReplicaStoppedInTheMiddleOfAPublishHoldsTheOthersBackOnlyBriefly() throws Exception {
        Collector onB = new Collector(events(b), mark());
        ApplicationContext c = ApplicationContext.run(replica(), "test");
        EventService onC = c.getBean(EventService.class);
        long before = onC.publish(List.of(draft("before"))).get(0).seq();

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = c.getBean(FlakyFeed.class).holdNext(held);
        CompletableFuture<List<LiveEvent>> lost = CompletableFuture.supplyAsync(() -> onC.publish(List.of(draft("lost"))));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        long after = onC.publish(List.of(draft("after"))).get(0).seq();
        c.close();
        release.countDown();
        assertThat(lost).failsWithin(Duration.ofSeconds(10));

        List<LiveEvent> got = onB.take(2);
        assertThat(got).extracting(ReplicasTest::name).containsExactly("before", "after");
        assertThat(got).extracting(LiveEvent::seq).containsExactly(before, after);
        List<LiveEvent> next = events(b).publish(List.of(draft("next")));
        assertThat(onB.take(1)).extracting(LiveEvent::seq).containsExactly(next.get(0).seq());

        Collector resumedOnA = new Collector(events(a), before);
        assertThat(resumedOnA.take(2)).extracting(ReplicasTest::name).containsExactly("after", "next");
        assertThat(resumedOnA.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        onB.subscription.dispose();
        resumedOnA.subscription.dispose();
    }

    @Test
    void aNewClientOfAReplicaThatJustStartedGetsWhatHappensFromThenOn() throws Exception {
        long before = mark();
        try (ApplicationContext d = ApplicationContext.run(replica(), "test")) {
            EventService onD = d.getBean(EventService.class);
            Collector fresh = new Collector(onD, null);
            List<LiveEvent> now = onD.publish(List.of(draft("now")));
            assertThat(fresh.take(1)).extracting(ReplicasTest::name).containsExactly("now");
            assertThat(now.get(0).seq()).isGreaterThan(before);
            fresh.subscription.dispose();
        }
    }

    @Test
    void anOverdueDispatchEscalatesOnceWhenBothReplicasScanAtOnce() throws Exception {
        Collector onA = new Collector(events(a), mark());
        String id = api(a).post("/api/alerts", "ingest", Alerts.lostPerson("rep-esc", "d-rep-esc").json()).json()
                .at("/alerts/0/incidentId").asText();
        api(b).post("/api/incidents/" + id + "/dispatch", "command", "{\"teamIds\":[\"tm-luodian-police\"]}");
        for (EmbeddedServer s : List.of(a, b)) {
            s.getApplicationContext().getBean(MutableClock.class).advance(Duration.ofMinutes(3));
        }
        List<CompletableFuture<Integer>> scans = List.of(a, b).stream().map(s -> CompletableFuture.supplyAsync(
                () -> s.getApplicationContext().getBean(EscalationService.class).scan())).toList();
        int escalated = 0;
        for (CompletableFuture<Integer> scan : scans) {
            escalated += scan.get(30, TimeUnit.SECONDS);
        }
        assertThat(escalated).isEqualTo(1);
        var incident = api(a).get("/api/incidents/" + id, "command").json();
        List<String> teams = new ArrayList<>();
        incident.get("dispatches").forEach(d -> teams.add(d.get("teamId").asText()));
        assertThat(teams).containsExactly("tm-luodian-police", "tm-wc-command");
        List<LiveEvent> seen = new ArrayList<>();
        for (LiveEvent e = onA.received.poll(10, TimeUnit.SECONDS); e != null; e = onA.received.poll(1, TimeUnit.SECONDS)) {
            seen.add(e);
        }
        assertThat(seen).filteredOn(e -> "incident".equals(e.type()))
                .extracting(e -> e.payload().path("action").asText()).containsOnlyOnce("ESCALATED");
        onA.subscription.dispose();
    }
}
