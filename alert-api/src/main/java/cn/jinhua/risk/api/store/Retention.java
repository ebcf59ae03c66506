package cn.jinhua.risk.api.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indices' lifecycle: deletes closed incidents with their alerts once they are older than
 * {@link RetentionProperties#closedIncidents()}, and live-stream events beyond the newest
 * {@link RetentionProperties#liveEvents()}. Runs every {@link RetentionProperties#interval()};
 * several API processes may sweep at once (deleting what is gone is a no-op). Thread-safe.
 */
@Singleton
public class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 500;
    private static final int MAX_BATCHES = 20;
    /** Live-index documents read per search while counting the newest events. */
    private static final int LIVE_PAGE = 5000;
    private final ElasticsearchClient client;
    private final IndexNames names;
    private final IndexSetup setup;
    private final RetentionProperties props;
    private final Clock clock;

    Retention(ElasticsearchClient client, IndexNames names, IndexSetup setup, RetentionProperties props, Clock clock) {
        this.client = client;
        this.names = names;
        this.setup = setup;
        this.props = props;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${risk.retention.interval:1h}", initialDelay = "${risk.retention.initial-delay:5m}")
    void scheduledSweep() {
        if (!props.enabled()) {
            return;
        }
        try {
            Swept s = sweep();
            if (s.incidents() + s.alerts() + s.liveEvents() > 0) {
                LOG.info("retention: deleted {} closed incidents, {} of their alerts, {} live-event documents",
                        s.incidents(), s.alerts(), s.liveEvents());
            }
        } catch (RuntimeException e) {
            LOG.warn("retention sweep failed, the next one retries: {}", e.getMessage());
        }
    }

    /** What one sweep deleted: incidents, alerts and live-index documents. */
    public record Swept(long incidents, long alerts, long liveEvents) {
    }

    /** Deletes what is past its retention, as of the clock's now. */
    public Swept sweep() {
        setup.ensure();
        try {
            long[] closed = props.closedIncidents().isZero() ? new long[2] : closedIncidents(clock.instant().minus(props.closedIncidents()));
            return new Swept(closed[0], closed[1], props.liveEvents() == 0 ? 0 : liveEvents());
        } catch (IOException | RuntimeException e) {
            throw ElasticsearchErrors.translate("retention sweep", e);
        }
    }

    private long[] closedIncidents(Instant before) throws IOException {
        long incidents = 0;
        long alerts = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<String> ids = ids(names.incidents(), Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("open").value(false)))
                    .filter(f -> f.range(r -> r.untyped(u -> u.field("updatedAt").lt(JsonData.of(before.toString()))))))));
            if (ids.isEmpty()) {
                break;
            }
            List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
            // Alerts first: a sweep that stops half-way leaves incidents, never alerts without one.
            Query theirAlerts = Query.of(q -> q.terms(t -> t.field("incidentId").terms(v -> v.value(values))));
            for (List<String> a = ids(names.alerts(), theirAlerts); !a.isEmpty(); a = ids(names.alerts(), theirAlerts)) {
                alerts += delete(names.alerts(), a);
            }
            incidents += delete(names.incidents(), ids);
        }
        return new long[] {incidents, alerts};
    }

    /**
     * Deletes the live index's documents older than those holding the newest
     * {@link RetentionProperties#liveEvents()} events. A document holds {@code last - first + 1}
     * events (none when it closed a number no publish stored); its numbers leave room between
     * publishes, so the events are counted, not the numbers.
     */
    private long liveEvents() throws IOException {
        Long keepFrom = null;
        long counted = 0;
        List<FieldValue> after = null;
        while (keepFrom == null) {
            List<FieldValue> from = after;
            List<Hit<Map>> page = client.search(s -> {
                s.index(names.liveEvents()).size(LIVE_PAGE).source(src -> src.fetch(false))
                        .docvalueFields(f -> f.field("first")).docvalueFields(f -> f.field("last"))
                        .sort(o -> o.field(f -> f.field("first").order(SortOrder.Desc)));
                return from == null ? s : s.searchAfter(from);
            }, Map.class).hits().hits();
            for (Hit<Map> h : page) {
                long first = number(h, "first");
                counted += Math.max(0, number(h, "last") - first + 1);
                if (counted >= props.liveEvents()) {
                    keepFrom = first;
                    break;
                }
            }
            if (page.size() < LIVE_PAGE) {
                break;
            }
            after = page.get(page.size() - 1).sort();
        }
        if (keepFrom == null) {
            return 0;
        }
        long oldestKept = keepFrom;
        Query older = Query.of(q -> q.range(r -> r.untyped(u -> u.field("first").lt(JsonData.of(oldestKept)))));
        long deleted = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<String> ids = ids(names.liveEvents(), older);
            if (ids.isEmpty()) {
                break;
            }
            deleted += delete(names.liveEvents(), ids);
        }
        return deleted;
    }

    private static long number(Hit<Map> h, String field) {
        return h.fields().get(field).toJson().asJsonArray().getJsonNumber(0).longValue();
    }

    /** Up to a batch of ids of the documents the query finds (the distribution has no delete-by-query). */
    private List<String> ids(String index, Query query) throws IOException {
        return client.search(s -> s.index(index).size(BATCH).source(src -> src.fetch(false)).query(query), Map.class)
                .hits().hits().stream().map(Hit::id).toList();
    }

    private long delete(String index, List<String> ids) throws IOException {
        BulkResponse r = client.bulk(b -> b.index(index).refresh(Refresh.True)
                .operations(ids.stream().map(id -> BulkOperation.of(o -> o.delete(d -> d.id(id)))).toList()));
        return r.items().stream().filter(i -> i.error() == null && "deleted".equals(i.result())).count();
    }
}
