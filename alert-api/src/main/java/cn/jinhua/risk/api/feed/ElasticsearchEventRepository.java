package cn.jinhua.risk.api.feed;

import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.api.store.VersionConflictException;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The feed in {@code <prefix>events} (document id = sequence number) and the sequence counter in
 * {@code <prefix>sequences}: a block of numbers is reserved with a conditional write, so two API
 * processes never hand out the same number and a restarted one continues above the last.
 */
@Singleton
final class ElasticsearchEventRepository implements EventRepository {
    private static final String COUNTER_ID = "events";
    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final IndexNames names;

    ElasticsearchEventRepository(ElasticsearchClient client, IndexSetup setup, IndexNames names) {
        this.client = client;
        this.setup = setup;
        this.names = names;
    }

    /** The counter document: the next number nobody has reserved. */
    record Counter(long next) {
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
    public void append(List<LiveEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<BulkOperation> ops = new ArrayList<>(events.size());
        for (LiveEvent e : events) {
            ops.add(BulkOperation.of(o -> o.create(c -> c.id(Long.toString(e.seq())).document(e))));
        }
        BulkResponse r;
        try {
            r = client.bulk(b -> b.index(names.events()).operations(ops));
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("store events", e);
        }
        for (BulkResponseItem item : r.items()) {
            if (item.error() != null) {
                throw new IllegalStateException("store event " + item.id() + ": " + item.error().reason());
            }
        }
    }

    @Override
    public List<LiveEvent> after(long afterSeq, long upToSeq, int limit) {
        try {
            setup.ensure();
            // Makes every completed append searchable: the caller subscribed to live events before
            // asking, so whatever is not live yet must be found here.
            client.indices().refresh(r -> r.index(names.events()));
            SearchResponse<LiveEvent> r = client.search(s -> s.index(names.events())
                    .query(q -> q.range(x -> x.number(n -> n.field("seq").gt((double) afterSeq).lte((double) upToSeq))))
                    .size(limit).sort(so -> so.field(f -> f.field("seq").order(SortOrder.Asc))), LiveEvent.class);
            List<LiveEvent> out = new ArrayList<>();
            for (Hit<LiveEvent> h : r.hits().hits()) {
                out.add(h.source());
            }
            return out;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("read events", e);
        }
    }
}
