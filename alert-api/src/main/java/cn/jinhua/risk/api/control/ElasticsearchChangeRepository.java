package cn.jinhua.risk.api.control;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live changes in {@code <prefix>control-changes}, one document per change id. The change and its
 * verdict are partial updates with upsert of disjoint fields, so they land in either order and a
 * second copy of either changes nothing.
 */
@Singleton
final class ElasticsearchChangeRepository implements ChangeRepository {
    private static final int PAGE = 1000;
    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final String index;
    private final Refresh refresh;

    ElasticsearchChangeRepository(ElasticsearchClient client, IndexSetup setup, IndexNames names, ElasticsearchConfig config) {
        this.client = client;
        this.setup = setup;
        this.index = names.controlChanges();
        this.refresh = ElasticsearchErrors.refresh(config);
    }

    @Override
    public void recordChange(ControlChange c) {
        upsert(c.changeId(), changeDoc(c));
    }

    private static ObjectNode changeDoc(ControlChange c) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("changeId", c.changeId());
        doc.put("kind", c.kind());
        doc.put("subject", c.subject());
        doc.put("ruleId", c.ruleId());
        doc.put("featureId", c.featureId());
        doc.put("by", c.by());
        doc.put("at", c.at());
        doc.put("partition", c.partition());
        doc.put("offset", c.offset());
        doc.set("message", c.message());
        return doc;
    }

    @Override
    public void record(List<ControlChange> changes, Map<String, Verdict> verdicts) {
        List<BulkOperation> ops = new ArrayList<>();
        for (ControlChange c : changes) {
            ops.add(upsertOp(c.changeId(), changeDoc(c)));
        }
        verdicts.forEach((changeId, v) -> {
            ObjectNode doc = Json.MAPPER.createObjectNode();
            doc.put("changeId", changeId);
            doc.set("verdict", Json.MAPPER.valueToTree(v));
            ops.add(upsertOp(changeId, doc));
        });
        if (ops.isEmpty()) {
            return;
        }
        try {
            setup.ensure();
            BulkResponse r = client.bulk(b -> b.operations(ops).refresh(refresh));
            if (r.errors()) {
                String first = r.items().stream().filter(i -> i.error() != null).map(i -> i.id() + ": " + i.error().reason())
                        .findFirst().orElse("?");
                throw new IllegalStateException("recording " + ops.size() + " changes and verdicts failed, first: " + first);
            }
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("record changes", e);
        }
    }

    private BulkOperation upsertOp(String id, ObjectNode doc) {
        return BulkOperation.of(o -> o.update(u -> u.index(index).id(id).retryOnConflict(5)
                .action(a -> a.doc(doc).docAsUpsert(true))));
    }

    private void upsert(String id, ObjectNode doc) {
        try {
            setup.ensure();
            client.update(u -> u.index(index).id(id).doc(doc).docAsUpsert(true).retryOnConflict(5).refresh(refresh),
                    JsonNode.class);
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("record change " + id, e);
        }
    }

    @Override
    public Optional<ControlChange> find(String changeId) {
        try {
            setup.ensure();
            GetResponse<JsonNode> r = client.get(g -> g.index(index).id(changeId), JsonNode.class);
            return r.found() ? Optional.of(read(r.source())) : Optional.empty();
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("get change " + changeId, e);
        }
    }

    @Override
    public List<ControlChange> newest(List<String> ruleIds, Boolean features, int limit) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (ruleIds != null) {
            bool.filter(terms("ruleId", ruleIds));
        }
        if (features != null) {
            bool.filter(terms("kind", kinds(features)));
        }
        Query query = Query.of(q -> q.bool(bool.build()));
        try {
            setup.ensure();
            SearchResponse<JsonNode> r = client.search(s -> s.index(index).query(query).size(limit)
                    .sort(so -> so.field(f -> f.field("at").order(SortOrder.Desc).missing("_first")))
                    .sort(so -> so.field(f -> f.field("changeId").order(SortOrder.Desc))), JsonNode.class);
            return sources(r);
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("search changes", e);
        }
    }

    @Override
    public List<ControlChange> inTopicOrder(boolean world) {
        Query query = Query.of(q -> q.bool(b -> b.filter(terms("kind", kinds(world))).filter(f -> f.exists(x -> x.field("offset")))));
        List<ControlChange> out = new ArrayList<>();
        List<FieldValue> after = null;
        try {
            setup.ensure();
            while (true) {
                List<FieldValue> from = after;
                SearchResponse<JsonNode> r = client.search(s -> {
                    s.index(index).query(query).size(PAGE)
                            .sort(so -> so.field(f -> f.field("partition").order(SortOrder.Asc)))
                            .sort(so -> so.field(f -> f.field("offset").order(SortOrder.Asc)));
                    return from == null ? s : s.searchAfter(from);
                }, JsonNode.class);
                List<Hit<JsonNode>> hits = r.hits().hits();
                for (Hit<JsonNode> h : hits) {
                    out.add(read(h.source()));
                }
                if (hits.size() < PAGE) {
                    return out;
                }
                after = hits.get(hits.size() - 1).sort();
            }
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("read the changes of the " + (world ? "world" : "rules"), e);
        }
    }

    private static List<FieldValue> kinds(boolean world) {
        return Arrays.stream(ChangeKind.values()).filter(k -> k.aboutRule() != world).map(k -> FieldValue.of(k.wire())).toList();
    }

    private static Query terms(String field, List<?> values) {
        List<FieldValue> v = values.stream().map(o -> o instanceof FieldValue fv ? fv : FieldValue.of(o.toString())).toList();
        return Query.of(x -> x.terms(t -> t.field(field).terms(tv -> tv.value(v))));
    }

    private static List<ControlChange> sources(SearchResponse<JsonNode> r) {
        List<ControlChange> out = new ArrayList<>();
        for (Hit<JsonNode> h : r.hits().hits()) {
            out.add(read(h.source()));
        }
        return out;
    }

    private static ControlChange read(JsonNode d) {
        JsonNode v = d.get("verdict");
        Verdict verdict = v == null || v.isNull() ? null : new Verdict(v.path("accepted").asBoolean(), text(v, "reason"),
                v.hasNonNull("ruleVersion") ? v.get("ruleVersion").asInt() : null,
                v.hasNonNull("worldVersion") ? v.get("worldVersion").asInt() : null, text(v, "at"));
        JsonNode message = d.get("message");
        return new ControlChange(d.path("changeId").asText(), text(d, "kind"), text(d, "subject"), text(d, "ruleId"),
                text(d, "featureId"), text(d, "by"), text(d, "at"),
                d.hasNonNull("partition") ? d.get("partition").asInt() : null,
                d.hasNonNull("offset") ? d.get("offset").asLong() : null,
                message == null || message.isNull() ? null : message, verdict);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
