package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.api.store.ListOrder;
import cn.jinhua.risk.api.store.Page;
import cn.jinhua.risk.api.store.Versioned;
import cn.jinhua.risk.contract.IsoTimes;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Incidents in the {@code <prefix>incidents} index; versions are Elasticsearch's seq_no/primary_term. */
@Singleton
final class ElasticsearchIncidentRepository implements IncidentRepository {
    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final String index;
    private final Refresh refresh;
    private final BulkWriter bulk;

    ElasticsearchIncidentRepository(ElasticsearchClient client, BulkWriter bulk, IndexSetup setup, IndexNames names,
                                    ElasticsearchConfig config) {
        this.client = client;
        this.bulk = bulk;
        this.setup = setup;
        this.index = names.incidents();
        this.refresh = ElasticsearchErrors.refresh(config);
    }

    @Override
    public Optional<Versioned<Incident>> find(String id) {
        try {
            setup.ensure();
            GetResponse<Incident> r = client.get(g -> g.index(index).id(id), Incident.class);
            return r.found() ? Optional.of(new Versioned<>(r.source(), r.seqNo(), r.primaryTerm())) : Optional.empty();
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("get incident " + id, e);
        }
    }

    @Override
    public Map<String, Versioned<Incident>> findAll(Collection<String> ids) {
        Map<String, Versioned<Incident>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try {
            setup.ensure();
            MgetResponse<Incident> r = client.mget(m -> m.index(index).ids(List.copyOf(ids)), Incident.class);
            for (MultiGetResponseItem<Incident> item : r.docs()) {
                if (item.isResult() && item.result().found()) {
                    GetResult<Incident> g = item.result();
                    out.put(g.id(), new Versioned<>(g.source(), g.seqNo(), g.primaryTerm()));
                }
            }
            return out;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("get incidents", e);
        }
    }

    @Override
    public Map<String, String> statuses(Collection<String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try {
            setup.ensure();
            @SuppressWarnings("rawtypes")
            MgetResponse<Map> r = client.mget(m -> m.index(index).ids(List.copyOf(ids))
                    .sourceIncludes("status"), Map.class);
            for (@SuppressWarnings("rawtypes") MultiGetResponseItem<Map> item : r.docs()) {
                if (item.isResult() && item.result().found() && item.result().source() != null) {
                    out.put(item.result().id(), String.valueOf(item.result().source().get("status")));
                }
            }
            return out;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("get incident statuses", e);
        }
    }

    @Override
    public Versioned<Incident> update(Versioned<Incident> base, Incident next) {
        try {
            setup.ensure();
            IndexResponse r = client.index(i -> i.index(index).id(next.id()).document(next)
                    .ifSeqNo(base.seqNo()).ifPrimaryTerm(base.primaryTerm()).refresh(refresh));
            return new Versioned<>(next, r.seqNo(), r.primaryTerm());
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("update incident " + next.id(), e);
        }
    }

    @Override
    public Map<String, Versioned<Incident>> writeAll(List<Write> writes) {
        Map<String, Versioned<Incident>> written = new LinkedHashMap<>();
        if (writes.isEmpty()) {
            return written;
        }
        List<BulkWriter.Item> items = new ArrayList<>(writes.size());
        for (Write w : writes) {
            items.add(w.base() == null ? BulkWriter.Item.create(index, w.next().id(), w.next())
                    : new BulkWriter.Item(BulkWriter.Op.INDEX, index, w.next().id(), w.next(), w.base().seqNo(),
                            w.base().primaryTerm()));
        }
        List<BulkWriter.Result> results;
        try {
            setup.ensure();
            results = bulk.write(items, refresh);
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("write incidents", e);
        }
        for (int i = 0; i < results.size(); i++) {
            BulkWriter.Result r = results.get(i);
            if (r.written()) {
                written.put(r.id(), new Versioned<>(writes.get(i).next(), r.seqNo(), r.primaryTerm()));
            } else if (r.status() != 409) {
                throw r.status() == 429 || r.status() == 503
                        ? ElasticsearchErrors.translate("write incident " + r.id(), new java.io.IOException(r.error()))
                        : new IllegalStateException("write incident " + r.id() + ": " + r.error());
            }
        }
        return written;
    }

    @Override
    public Page<Versioned<Incident>> search(IncidentQuery q) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (q.scenarios() != null) {
            bool.filter(terms("scenario", q.scenarios()));
        }
        if (q.scenario() != null) {
            bool.filter(term("scenario", q.scenario()));
        }
        if (q.status() != null) {
            bool.filter(term("status", q.status().name()));
        }
        if (q.severity() != null) {
            bool.filter(term("severity", q.severity()));
        }
        if (q.teamId() != null) {
            bool.filter(term("teamIds", q.teamId()));
        }
        if (q.open() != null) {
            bool.filter(Query.of(x -> x.term(t -> t.field("open").value(q.open()))));
        }
        if (q.since() != null || q.until() != null) {
            bool.filter(ListOrder.between("lastAlertAt", q.since(), q.until()));
        }
        if (q.near() != null) {
            double[] n = q.near();
            bool.filter(Query.of(x -> x.geoDistance(g -> g.field("location").distance(n[2] + "m")
                    .location(l -> l.latlon(ll -> ll.lat(n[0]).lon(n[1]))))));
        }
        ListOrder.prepare(bool, q.sort());
        Query query = Query.of(x -> x.bool(bool.build()));
        try {
            setup.ensure();
            SearchResponse<Incident> r = client.search(s -> ListOrder.apply(s.index(index).query(query).from(q.from())
                    .size(q.size()).seqNoPrimaryTerm(true).trackTotalHits(t -> t.enabled(true)), q.sort(), "updatedAt"),
                    Incident.class);
            List<Versioned<Incident>> items = new ArrayList<>();
            for (Hit<Incident> h : r.hits().hits()) {
                items.add(new Versioned<>(h.source(), h.seqNo() == null ? -1 : h.seqNo(),
                        h.primaryTerm() == null ? -1 : h.primaryTerm()));
            }
            return new Page<>(items, r.hits().total() == null ? items.size() : r.hits().total().value());
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("search incidents", e);
        }
    }

    @Override
    public List<String> idsWithStatus(IncidentStatus status, Set<String> scenarios, int limit) {
        BoolQuery.Builder bool = new BoolQuery.Builder().filter(term("status", status.name()));
        if (scenarios != null) {
            bool.filter(terms("scenario", scenarios));
        }
        return ids(Query.of(x -> x.bool(bool.build())), limit, "incidents with status " + status);
    }

    @Override
    public List<String> dueForEscalation(Instant now, Map<String, Instant> unseenBefore, int limit) {
        BoolQuery.Builder b = new BoolQuery.Builder()
                .filter(f -> f.term(t -> t.field("open").value(true)))
                .should(s -> s.range(r -> r.date(d -> d.field("ackDueAt").lte(IsoTimes.formatSortable(now)))));
        unseenBefore.forEach((severity, before) -> b.should(s -> s.bool(u -> u
                .filter(f -> f.term(t -> t.field("severity").value(severity)))
                .filter(f -> f.range(r -> r.date(d -> d.field("unseenSince").lte(IsoTimes.formatSortable(before)))))
                .mustNot(m -> m.term(t -> t.field("unseenEscalated").value(true))))));
        Query due = Query.of(x -> x.bool(b.minimumShouldMatch("1").build()));
        return ids(due, limit, "incidents due for escalation");
    }

    private List<String> ids(Query query, int limit, String what) {
        try {
            setup.ensure();
            SearchResponse<Void> r = client.search(s -> s.index(index).query(query).size(limit).source(src -> src.fetch(false)),
                    Void.class);
            return r.hits().hits().stream().map(Hit::id).toList();
        } catch (Exception e) {
            throw ElasticsearchErrors.translate(what, e);
        }
    }

    private static Query term(String field, String value) {
        return Query.of(x -> x.term(t -> t.field(field).value(value)));
    }

    private static Query terms(String field, Collection<String> values) {
        List<FieldValue> v = values.stream().map(FieldValue::of).toList();
        return Query.of(x -> x.terms(t -> t.field(field).terms(tv -> tv.value(v))));
    }
}
