package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.api.store.StoreUnavailableException;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live index, failing the appends it is told to: a store that took the alerts and then
 * refused their live events. Only in tests that set {@code test.flaky-feed}.
 */
@Singleton
@Replaces(ElasticsearchEventRepository.class)
@Requires(property = "test.flaky-feed", value = "true")
public class FlakyFeed implements EventRepository {
    private final ElasticsearchEventRepository real;
    private final AtomicInteger failing = new AtomicInteger();

    FlakyFeed(ElasticsearchClient client, BulkWriter bulk, IndexSetup setup, IndexNames names) {
        real = new ElasticsearchEventRepository(client, bulk, setup, names);
    }

    /** The next {@code n} appends fail as an unavailable Elasticsearch does. */
    public void failNext(int n) {
        failing.set(n);
    }

    @Override
    public long reserve(int size) {
        return real.reserve(size);
    }

    @Override
    public void append(List<LiveEvent> events, Collection<String> keys) {
        if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreUnavailableException("Elasticsearch unavailable (store events): the drill refuses this write",
                    new java.io.IOException("refused"));
        }
        real.append(events, keys);
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
