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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live index, failing the appends it is told to: the request stores the documents written
 * alongside (the alerts) and refuses the live events. Only in tests that set {@code test.flaky-feed}.
 */
@Singleton
@Replaces(ElasticsearchEventRepository.class)
@Requires(property = "test.flaky-feed", value = "true")
public class FlakyFeed implements EventRepository {
    private final ElasticsearchEventRepository real;
    private final AtomicInteger failing = new AtomicInteger();

    FlakyFeed(ElasticsearchClient client, BulkWriter bulk, IndexSetup setup, IndexNames names, ElasticsearchConfig config) {
        real = new ElasticsearchEventRepository(client, bulk, setup, names, config);
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
    public List<BulkWriter.Result> append(List<LiveEvent> events, Collection<String> keys, List<BulkWriter.Item> alongside) {
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
