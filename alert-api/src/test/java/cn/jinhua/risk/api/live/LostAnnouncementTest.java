package cn.jinhua.risk.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Alerts stored whose live events failed to store: the sender's retry announces them, once. */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-lost-")
@Property(name = "test.flaky-feed", value = "true")
class LostAnnouncementTest {
    static final Caller COMMAND = new Caller("command", Set.of(Roles.COMMAND), null);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EventService events;
    @Inject
    FlakyFeed feed;

    @Test
    void aLiveEventThatFailedToStoreIsPublishedOnTheRetryAndOnlyOnce() throws Exception {
        Api api = new Api(client);
        BlockingQueue<LiveEvent> live = new LinkedBlockingQueue<>();
        Disposable subscription = events.stream(COMMAND, null).subscribe(live::add);
        while (events.subscriberCount() < 1) {
            Thread.sleep(20);
        }
        String batch = Alerts.batch(List.of(Alerts.lostPerson("lost-1", "d-lost-1"), Alerts.lostPerson("lost-2", "d-lost-2")));

        feed.failNext(1);
        Api.Response failed = api.post("/api/alerts", "ingest", batch);
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(live.poll(300, TimeUnit.MILLISECONDS)).as("nothing stored on the live index, nothing delivered").isNull();

        Api.Response retried = api.post("/api/alerts", "ingest", batch);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("duplicates").asInt()).as("the alerts were stored by the failed request").isEqualTo(2);
        List<LiveEvent> announced = take(live, 4);
        assertThat(announced).extracting(LiveEvent::type).containsExactly("incident", "incident", "alert", "alert");
        assertThat(announced.subList(2, 4)).extracting(e -> e.payload().get("alertId").asText())
                .containsExactly("lost-1", "lost-2");
        assertThat(announced.subList(0, 2)).extracting(e -> e.payload().get("incidentId").asText())
                .containsExactlyInAnyOrderElementsOf(retried.json().findValuesAsText("incidentId"));

        assertThat(api.post("/api/alerts", "ingest", batch).status()).isEqualTo(200);
        assertThat(api.post("/api/alerts", "ingest", Alerts.lostPerson("lost-3", "d-lost-3").json()).status()).isEqualTo(200);
        List<LiveEvent> next = take(live, 2);
        assertThat(next).as("a second retry announces nothing again").extracting(e -> e.payload().path("alertId").asText(null))
                .containsExactly(null, "lost-3");
        subscription.dispose();

        List<LiveEvent> stored = events.stream(COMMAND, 0L).take(6).collectList().block(Duration.ofSeconds(20));
        assertThat(stored).extracting(e -> e.payload().path("alertId").asText(null))
                .containsExactly(null, null, "lost-1", "lost-2", null, "lost-3");
    }

    private static List<LiveEvent> take(BlockingQueue<LiveEvent> queue, int n) throws InterruptedException {
        List<LiveEvent> out = new ArrayList<>();
        while (out.size() < n) {
            LiveEvent e = queue.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("event " + (out.size() + 1) + " of " + n + " after " + out).isNotNull();
            out.add(e);
        }
        return out;
    }
}
