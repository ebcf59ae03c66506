package cn.jinhua.risk.api.store;

import cn.jinhua.risk.api.query.Sorting;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import java.time.Instant;

/**
 * The time range and the order of the lists ({@code GET /api/alerts}, {@code GET /api/incidents}).
 * Sorting by severity needs neither a script (the bundled Elasticsearch has no scripting module)
 * nor a rank field in every document: each severity is a constant-score clause scoring its rank,
 * and the search sorts by score. The filters of the search decide what matches; these clauses
 * only score.
 */
public final class ListOrder {
    private ListOrder() {
    }

    /** {@code since} ≤ field < {@code until} on a date field; either bound may be null. */
    public static Query between(String field, Instant since, Instant until) {
        return Query.of(x -> x.range(r -> r.date(d -> {
            d.field(field);
            if (since != null) {
                d.gte(IsoTimes.formatSortable(since));
            }
            if (until != null) {
                d.lt(IsoTimes.formatSortable(until));
            }
            return d;
        })));
    }

    /** Before the query is built: a sort by severity scores each document by its severity's rank. */
    public static void prepare(BoolQuery.Builder bool, Sorting sort) {
        if (!sort.field().equals("severity")) {
            return;
        }
        for (Severity s : Severity.values()) {
            float rank = s.ordinal() + 1;
            bool.should(q -> q.constantScore(c -> c.filter(f -> f.term(t -> t.field("severity").value(s.name()))).boost(rank)));
        }
        bool.minimumShouldMatch("0");
    }

    /** The sort: the requested field (severity by rank), then {@code newest} descending, then id. */
    public static SearchRequest.Builder apply(SearchRequest.Builder s, Sorting sort, String newest) {
        SortOrder order = sort.descending() ? SortOrder.Desc : SortOrder.Asc;
        if (sort.field().equals("severity")) {
            s.sort(so -> so.score(sc -> sc.order(order)));
        } else {
            s.sort(so -> so.field(f -> f.field(sort.field()).order(order)));
        }
        if (!sort.field().equals(newest)) {
            s.sort(so -> so.field(f -> f.field(newest).order(SortOrder.Desc)));
        }
        return s.sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc)));
    }
}
