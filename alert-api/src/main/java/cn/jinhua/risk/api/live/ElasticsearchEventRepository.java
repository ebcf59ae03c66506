package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.api.store.VersionConflictException;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The live stream's events in {@code <prefix>feed} (one document per publish, id = its first sequence number)
 * and the sequence counter in {@code <prefix>sequences}: a block of numbers is reserved with a conditional write, so two API
 * processes never hand out the same number and a restarted one continues above the last.
 */
@Singleton
final class ElasticsearchEventRepository implements EventRepository {
    private static final String COUNTER_ID = "events";
    /** Chunks per search when reading the events back: a chunk holds one publish's events, a few thousand at most. */
    private static final int CHUNKS_PER_READ = 4;
    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final IndexNames names;
    private final BulkWriter bulk;
    private final Refresh refresh;

    ElasticsearchEventRepository(ElasticsearchClient client, BulkWriter bulk, IndexSetup setup, IndexNames names,
                                 ElasticsearchConfig config) {
        this.client = client;
        this.bulk = bulk;
        this.setup = setup;
        this.names = names;
        this.refresh = ElasticsearchErrors.refresh(config);
    }

    /** The counter document: the next number nobody has reserved. */
    record Counter(long next) {
    }

    /**
     * The events of one publish, numbered {@code first..last} without gaps: one document instead
     * of one per event, which keeps the stream from costing as much to index as the alerts themselves.
     *
     * @param keys what the events announce ({@link EventDraft#key()}), indexed for {@link #announced};
     *     null in chunks stored before there were keys
     */
    record Chunk(long first, long last, @Nullable List<String> keys, List<LiveEvent> events) {
    }

    @Override
    public long reserve(int size) {
        setup.ensure();
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                GetResponse<Counter> cur = client.get(g -> g.index(names.sequences()).id(COUNTER_ID), Counter.class);
                if (!cur.found()) {
                    client.create(c -> c.index(names.sequences()).id(COUNTER_ID).document(new Counter(1 + size))
                            .refresh(Refresh.False));
                    return 1;
                }
                long first = cur.source().next();
                client.index(i -> i.index(names.sequences()).id(COUNTER_ID).document(new Counter(first + size))
                        .ifSeqNo(cur.seqNo()).ifPrimaryTerm(cur.primaryTerm()));
                return first;
            } catch (Exception e) {
                RuntimeException t = ElasticsearchErrors.translate("reserve event numbers", e);
                if (!(t instanceof VersionConflictException)) {
                    throw t;
                }
            }
        }
        throw new IllegalStateException("could not reserve event numbers: too much contention");
    }

    @Override
    public List<BulkWriter.Result> append(List<LiveEvent> events, Collection<String> keys,
                                          List<BulkWriter.Item> alongside) {
        if (events.isEmpty()) {
            if (alongside.isEmpty()) {
                return List.of();
            }
            try {
                return bulk.write(alongside, refresh);
            } catch (Exception e) {
                throw ElasticsearchErrors.translate("store " + alongside.size() + " documents", e);
            }
        }
        Chunk chunk = new Chunk(events.get(0).seq(), events.get(events.size() - 1).seq(),
                keys.isEmpty() ? null : List.copyOf(keys), events);
        String what = "store events " + chunk.first() + ".." + chunk.last();
        List<BulkWriter.Item> items = new ArrayList<>(1 + alongside.size());
        items.add(BulkWriter.Item.create(names.liveEvents(), Long.toString(chunk.first()), chunk));
        items.addAll(alongside);
        List<BulkWriter.Result> results;
        try {
            setup.ensure();
            // The feed is never searched but on a resume, which refreshes first; the documents
            // written alongside follow their own index's policy.
            results = bulk.write(items, alongside.isEmpty() ? Refresh.False : refresh);
        } catch (Exception e) {
            throw ElasticsearchErrors.translate(what, e);
        }
        BulkWriter.Result r = results.get(0);
        if (!r.written()) {
            throw r.status() == 429 || r.status() == 503
                    ? ElasticsearchErrors.translate(what, new java.io.IOException(r.error()))
                    : new IllegalStateException(what + ": " + r.error());
        }
        return results.subList(1, results.size());
    }

    @Override
    public Set<String> announced(Collection<String> keys) {
        Set<String> wanted = new HashSet<>(keys);
        Set<String> found = new HashSet<>();
        try {
            setup.ensure();
            // The publish that failed or succeeded came moments ago: make it searchable.
            client.indices().refresh(r -> r.index(names.liveEvents()));
            List<FieldValue> values = wanted.stream().map(FieldValue::of).toList();
            SearchResponse<Chunk> r = client.search(s -> s.index(names.liveEvents())
                    .query(q -> q.terms(t -> t.field("keys").terms(v -> v.value(values))))
                    .source(src -> src.filter(f -> f.includes("keys")))
                    .size(wanted.size()), Chunk.class);
            for (Hit<Chunk> h : r.hits().hits()) {
                for (String k : h.source().keys()) {
                    if (wanted.contains(k)) {
                        found.add(k);
                    }
                }
            }
            return found;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("look up announced events", e);
        }
    }

    @Override
    public List<LiveEvent> after(long afterSeq, long upToSeq, int limit) {
        try {
            setup.ensure();
            // Makes every completed append searchable: the caller subscribed to live events before
            // asking, so whatever is not live yet must be found here.
            client.indices().refresh(r -> r.index(names.liveEvents()));
            List<LiveEvent> out = new ArrayList<>();
            long cursor = afterSeq;
            while (out.size() < limit) {
                long after = cursor;
                SearchResponse<Chunk> r = client.search(s -> s.index(names.liveEvents())
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.range(x -> x.number(n -> n.field("last").gt((double) after))))
                                .filter(f -> f.range(x -> x.number(n -> n.field("first").lte((double) upToSeq))))))
                        .size(CHUNKS_PER_READ).sort(so -> so.field(f -> f.field("first").order(SortOrder.Asc))), Chunk.class);
                List<Hit<Chunk>> hits = r.hits().hits();
                for (Hit<Chunk> h : hits) {
                    for (LiveEvent e : h.source().events()) {
                        if (e.seq() > cursor && e.seq() <= upToSeq && out.size() < limit) {
                            out.add(e);
                        }
                    }
                    cursor = Math.max(cursor, Math.min(h.source().last(), upToSeq));
                }
                if (hits.size() < CHUNKS_PER_READ) {
                    break;
                }
            }
            return out;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("read events", e);
        }
    }
}
