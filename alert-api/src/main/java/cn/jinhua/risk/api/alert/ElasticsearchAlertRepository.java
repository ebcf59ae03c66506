package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.api.store.Page;
import cn.jinhua.risk.api.store.ListOrder;
import cn.jinhua.risk.contract.IsoTimes;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Alerts in the {@code <prefix>alerts} index. Stored with op_type create, so the first copy of an
 * id wins and a redelivery (409) changes nothing. {@code q} searches titles and evidence text both
 * word by word: a Chinese word (迷路) as a phrase of its characters (the standard analyzer makes
 * one token per CJK character, and the integ-test server has no cjk analyzer), so it matches the
 * word and not any text holding its characters apart; other words must all occur.
 */
@Singleton
final class ElasticsearchAlertRepository implements AlertRepository {
    /** Titles and evidence text in one field (see AlertParser), the only text that is indexed. */
    private static final String FULL_TEXT = "fullText";
    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final String index;

    ElasticsearchAlertRepository(ElasticsearchClient client, IndexSetup setup, IndexNames names) {
        this.client = client;
        this.setup = setup;
        this.index = names.alerts();
    }

    @Override
    public BulkWriter.Item creation(String id, StoredAlert alert) {
        setup.ensure();
        return BulkWriter.Item.create(index, id, alert);
    }

    @Override
    public Set<String> created(List<BulkWriter.Result> results) {
        Set<String> created = new HashSet<>();
        for (BulkWriter.Result r : results) {
            if (r.written()) {
                created.add(r.id());
            } else if (r.status() != 409) {
                throw r.status() == 429 || r.status() == 503
                        ? ElasticsearchErrors.translate("store alert " + r.id(), new java.io.IOException(r.error()))
                        : new IllegalStateException("store alert " + r.id() + ": " + r.error());
            }
        }
        return created;
    }

    @Override
    public Optional<StoredAlert> find(String id) {
        try {
            setup.ensure();
            GetResponse<JsonNode> r = client.get(g -> g.index(index).id(id), JsonNode.class);
            return r.found() ? Optional.of(StoredAlert.read(r.source())) : Optional.empty();
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("get alert " + id, e);
        }
    }

    @Override
    public Page<StoredAlert> search(AlertQuery q) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (q.scenarios() != null) {
            bool.filter(terms("scenario", q.scenarios()));
        }
        if (q.scenario() != null) {
            bool.filter(term("scenario", q.scenario()));
        }
        if (q.ruleId() != null) {
            bool.filter(term("ruleId", q.ruleId()));
        }
        if (q.severity() != null) {
            bool.filter(term("severity", q.severity()));
        }
        if (q.shadow()) {
            bool.filter(Query.of(x -> x.term(t -> t.field("shadow").value(true))));
        } else {
            // Alerts stored before shadow versions have no such field: they are not shadow alerts.
            bool.mustNot(Query.of(x -> x.term(t -> t.field("shadow").value(true))));
        }
        if (q.incidentIds() != null) {
            bool.filter(terms("incidentId", q.incidentIds()));
        }
        if (q.since() != null || q.until() != null) {
            bool.filter(ListOrder.between("eventTime", q.since(), q.until()));
        }
        if (q.near() != null) {
            double[] n = q.near();
            bool.filter(Query.of(x -> x.geoDistance(g -> g.field("location").distance(n[2] + "m")
                    .location(l -> l.latlon(ll -> ll.lat(n[0]).lon(n[1]))))));
        }
        if (q.q() != null) {
            for (String word : q.q().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                // The standard analyzer splits CJK text into single characters: a phrase of them
                // matches the word (迷路), not any text holding both characters somewhere.
                boolean cjk = word.codePoints().anyMatch(ElasticsearchAlertRepository::isCjk);
                bool.must(cjk ? Query.of(x -> x.matchPhrase(m -> m.field(FULL_TEXT).query(word)))
                        : Query.of(x -> x.match(m -> m.field(FULL_TEXT).query(word).operator(Operator.And))));
            }
        }
        ListOrder.prepare(bool, q.sort().field());
        Query query = Query.of(x -> x.bool(bool.build()));
        try {
            setup.ensure();
            SearchResponse<JsonNode> r = client.search(s -> ListOrder.apply(s.index(index).query(query).from(q.from())
                    .size(q.size()).trackTotalHits(t -> t.enabled(true)), q.sort().field(), q.sort().descending(), "eventTime"), JsonNode.class);
            return new Page<>(sources(r), r.hits().total() == null ? 0 : r.hits().total().value());
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("search alerts", e);
        }
    }

    @Override
    public List<StoredAlert> ofIncident(String incidentId, int limit) {
        try {
            setup.ensure();
            SearchResponse<JsonNode> r = client.search(s -> s.index(index).query(term("incidentId", incidentId)).size(limit)
                    .sort(so -> so.field(f -> f.field("eventTime").order(SortOrder.Desc)))
                    .sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc))), JsonNode.class);
            return sources(r);
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("alerts of incident " + incidentId, e);
        }
    }

    private static List<StoredAlert> sources(SearchResponse<JsonNode> r) {
        List<StoredAlert> out = new ArrayList<>();
        for (Hit<JsonNode> h : r.hits().hits()) {
            out.add(StoredAlert.read(h.source()));
        }
        return out;
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }

    private static Query term(String field, String value) {
        return Query.of(x -> x.term(t -> t.field(field).value(value)));
    }

    private static Query terms(String field, Collection<String> values) {
        List<FieldValue> v = values.stream().map(FieldValue::of).toList();
        return Query.of(x -> x.terms(t -> t.field(field).terms(tv -> tv.value(v))));
    }
}
