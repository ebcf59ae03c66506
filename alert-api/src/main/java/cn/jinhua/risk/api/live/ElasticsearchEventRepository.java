package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live stream's events in {@code <prefix>feed}: one document per publish, its id the publish's
 * first number ({@link Numbering}). Creating that document is what claims the ordinal for the whole
 * cluster, so two API processes never number two publishes alike, and the id of the next document
 * to deliver is known in advance: a process follows the others' publishes by getting ids in real
 * time, without a refresh or a search.
 */
@Singleton
final class ElasticsearchEventRepository implements EventRepository {
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

    /**
     * The events of one publish, numbered {@code first..last}: one document instead of one per
     * event, which keeps the stream from costing as much to index as the alerts themselves. A closed
     * ordinal ({@link #close}) is a chunk without events, {@code last = first - 1}.
     *
     * @param keys what the events announce ({@link EventDraft#key()}), indexed for {@link #announced};
     *     null in chunks stored before there were keys
     */
    record Chunk(long first, long last, @Nullable List<String> keys, List<LiveEvent> events) {
        /** Written by this numbering, not by the per-process blocks of earlier versions. */
        boolean numberedByOrdinal() {
            return Math.floorMod(first, Numbering.SPAN) == 0 && last >= first - 1 && last < first + Numbering.SPAN;
        }
    }

    @Override
    public Map<Long, List<LiveEvent>> publishes(Collection<Long> ordinals) {
        if (ordinals.isEmpty()) {
            return Map.of();
        }
        try {
            setup.ensure();
            List<String> ids = ordinals.stream().map(o -> Long.toString(Numbering.first(o))).toList();
            MgetResponse<Chunk> r = client.mget(m -> m.index(names.liveEvents()).ids(ids).realtime(true), Chunk.class);
            Map<Long, List<LiveEvent>> found = new HashMap<>();
            for (MultiGetResponseItem<Chunk> item : r.docs()) {
                if (item.isFailure()) {
                    throw new IOException("get " + item.failure().id() + ": " + item.failure().error().reason());
                }
                if (item.result().found()) {
                    found.put(Numbering.ordinal(Long.parseLong(item.result().id())), item.result().source().events());
                }
            }
            return found;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("read live events", e);
        }
    }

    @Override
    public List<LiveEvent> close(long ordinal) {
        long first = Numbering.first(ordinal);
        String id = Long.toString(first);
        String what = "close live event ordinal " + ordinal;
        try {
            setup.ensure();
            BulkWriter.Result r = bulk.write(List.of(BulkWriter.Item.create(names.liveEvents(), id,
                    new Chunk(first, first - 1, null, List.of()))), Refresh.False).get(0);
            if (r.written()) {
                return List.of();
            }
            if (r.status() != 409) {
                throw new IOException(r.error());
            }
            GetResponse<Chunk> held = client.get(g -> g.index(names.liveEvents()).id(id).realtime(true), Chunk.class);
            if (!held.found()) {
                throw new IOException("ordinal " + ordinal + " is taken but its document is gone");
            }
            return held.source().events();
        } catch (Exception e) {
            throw ElasticsearchErrors.translate(what, e);
        }
    }

    @Override
    public Start start(int window) {
        try {
            setup.ensure();
            // Publishes acknowledged before this process started are history: make them all searchable.
            client.indices().refresh(r -> r.index(names.liveEvents()));
            SearchResponse<Chunk> r = client.search(s -> s.index(names.liveEvents()).size(window)
                    .source(src -> src.filter(f -> f.includes("first", "last")))
                    .sort(so -> so.field(f -> f.field("first").order(SortOrder.Desc))), Chunk.class);
            long next = 1;
            long from = 1;
            boolean newest = true;
            for (Hit<Chunk> h : r.hits().hits()) {
                Chunk c = h.source();
                if (!c.numberedByOrdinal()) {
                    // Numbered from blocks by an earlier version: the first ordinal above all of it.
                    long above = Numbering.ordinal(c.last()) + 1;
                    if (newest) {
                        next = above;
                        from = above;
                    }
                    break;
                }
                long ordinal = Numbering.ordinal(c.first());
                if (newest) {
                    next = ordinal + 1;
                }
                from = ordinal;
                newest = false;
            }
            return new Start(from, next);
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("find the live stream's newest events", e);
        }
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
        if (r.status() == 409) {
            throw new NumberTaken(Numbering.ordinal(chunk.first()), results.subList(1, results.size()));
        }
        if (!r.written()) {
            throw r.status() == 429 || r.status() == 503
                    ? ElasticsearchErrors.translate(what, new IOException(r.error()))
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
