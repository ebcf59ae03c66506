package cn.jinhua.risk.api.sensor;

import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.contract.IsoTimes;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Readings in {@code <prefix>sensor-readings}: one small document per sensor and time, with the id
 * {@code sensorId@epochMillis}, so a redelivered reading overwrites itself and a restart stores
 * nothing twice.
 */
@Singleton
final class ElasticsearchReadingRepository implements ReadingRepository {
    private static final int DELETE_BATCH = 1_000;
    /** A sweep's bound; the next sweep goes on where this one stopped. */
    private static final int MAX_DELETE_BATCHES = 100;

    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final String index;
    private final Refresh refresh;

    ElasticsearchReadingRepository(ElasticsearchClient client, IndexSetup setup, IndexNames names, ElasticsearchConfig config) {
        this.client = client;
        this.setup = setup;
        this.index = names.sensorReadings();
        this.refresh = ElasticsearchErrors.refresh(config);
    }

    @Override
    public void saveAll(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        List<BulkOperation> ops = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            String id = r.sensorId() + "@" + IsoTimes.parseMillis(r.ts());
            ops.add(BulkOperation.of(b -> b.index(i -> i.index(index).id(id).document(r))));
        }
        try {
            setup.ensure();
            BulkResponse response = client.bulk(b -> b.operations(ops).refresh(refresh));
            if (response.errors()) {
                String reason = response.items().stream().filter(i -> i.error() != null)
                        .map(i -> i.id() + ": " + i.error().reason()).findFirst().orElse("unknown");
                throw new IllegalStateException("readings not stored: " + reason);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("store sensor readings", e);
        }
    }

    @Override
    public ReadingSeries range(String sensorId, Instant from, Instant to, int limit) {
        try {
            setup.ensure();
            // Newest first, then turned round: a range with more than the limit keeps its latest part.
            var r = client.search(s -> s.index(index).size(limit).trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("sensorId").value(sensorId)))
                            .filter(f -> f.range(g -> g.date(d -> d.field("ts").gte(IsoTimes.formatSortable(from))
                                    .lt(IsoTimes.formatSortable(to)))))))
                    .sort(so -> so.field(f -> f.field("ts").order(SortOrder.Desc))), Reading.class);
            List<Reading> out = new ArrayList<>();
            for (Hit<Reading> h : r.hits().hits()) {
                out.add(h.source());
            }
            Collections.reverse(out);
            return new ReadingSeries(out, r.hits().total() == null ? out.size() : r.hits().total().value());
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("read readings of " + sensorId, e);
        }
    }

    /**
     * Searches a batch of ids and bulk-deletes them until none is left: the Elasticsearch
     * distribution that {@code ./risk} and the tests run has no delete-by-query (its reindex
     * module is missing), as {@code store.Retention} explains.
     */
    @Override
    public long deleteBefore(Instant before) {
        try {
            setup.ensure();
            long deleted = 0;
            for (int batch = 0; batch < MAX_DELETE_BATCHES; batch++) {
                List<BulkOperation> deletes = client.search(s -> s.index(index).size(DELETE_BATCH).source(src -> src.fetch(false))
                                .query(q -> q.range(g -> g.date(x -> x.field("ts").lt(IsoTimes.formatSortable(before))))), Void.class)
                        .hits().hits().stream().map(h -> BulkOperation.of(o -> o.delete(d -> d.id(h.id())))).toList();
                if (deletes.isEmpty()) {
                    break;
                }
                BulkResponse r = client.bulk(b -> b.index(index).refresh(Refresh.True).operations(deletes));
                deleted += r.items().stream().filter(i -> i.error() == null && "deleted".equals(i.result())).count();
            }
            return deleted;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("delete old readings", e);
        }
    }
}
