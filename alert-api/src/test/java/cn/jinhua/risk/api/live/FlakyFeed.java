package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.api.store.StoreUnavailableException;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live index, failing the appends it is told to: the request stores the documents written
 * alongside (the alerts) and refuses the live events; or holding one, as a process stopped in the
 * middle of a publish. Only in tests that set {@code test.flaky-feed}.
 */
@Singleton
@Replaces(ElasticsearchEventRepository.class)
@Requires(property = "test.flaky-feed", value = "true")
public class FlakyFeed implements EventRepository {
    private final ElasticsearchEventRepository real;
    private final AtomicInteger failing = new AtomicInteger();
    private final AtomicReference<Hold> hold = new AtomicReference<>();
    /** After a held append: the process is gone, nothing it does reaches the store. */
    private volatile boolean stopped;

    FlakyFeed(ElasticsearchClient client, BulkWriter bulk, IndexSetup setup, IndexNames names, ElasticsearchConfig config) {
        real = new ElasticsearchEventRepository(client, bulk, setup, names, config);
    }

    /**
     * The next append of events counts {@code held} down and waits, as a process stopped mid-publish
     * would, until the returned latch is counted down; then it fails without storing them, and this
     * process reaches the store no more.
     */
    public CountDownLatch holdNext(CountDownLatch held) {
        CountDownLatch release = new CountDownLatch(1);
        hold.set(new Hold(held, release));
        return release;
    }

    private static StoreUnavailableException stopped() {
        return new StoreUnavailableException("Elasticsearch unavailable (store events): the process stopped",
                new java.io.IOException("stopped"));
    }

    private record Hold(CountDownLatch held, CountDownLatch release) {
    }

    /** The next {@code n} appends fail as an unavailable Elasticsearch does. */
    public void failNext(int n) {
        failing.set(n);
    }

    @Override
    public Map<Long, List<LiveEvent>> publishes(Collection<Long> ordinals) {
        return real.publishes(ordinals);
    }

    @Override
    public List<LiveEvent> close(long ordinal) {
        if (stopped) {
            throw stopped();
        }
        return real.close(ordinal);
    }

    @Override
    public Start start(int window) {
        return real.start(window);
    }

    @Override
    public List<BulkWriter.Result> append(List<LiveEvent> events, Collection<String> keys, List<BulkWriter.Item> alongside) {
        Hold h = events.isEmpty() ? null : hold.getAndSet(null);
        if (h != null) {
            h.held().countDown();
            try {
                h.release().await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped = true;
            throw stopped();
        }
        if (!events.isEmpty() && failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            real.append(List.of(), List.of(), alongside);
            throw new StoreUnavailableException("Elasticsearch unavailable (store events): the drill refuses this write",
                    new java.io.IOException("refused"));
        }
        return real.append(events, keys, alongside);
    }

    @Override
    public Set<String> announced(Collection<String> keys) {
        return real.announced(keys);
    }

    @Override
    public List<LiveEvent> after(long afterSeq, long upToSeq, int limit) {
        return real.after(afterSeq, upToSeq, limit);
    }
}
