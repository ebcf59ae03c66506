package cn.jinhua.risk.api.store;

import cn.jinhua.risk.contract.Severity;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;

/**
 * Sorting by severity without a script (the bundled Elasticsearch has no scripting module) and
 * without a rank field in every document: each severity is a constant-score clause scoring its
 * rank, so a search sorted by {@code _score} lists CRITICAL before HIGH before MEDIUM before LOW.
 * The filters of the search decide what matches; these clauses only score.
 */
public final class SeverityRank {
    private SeverityRank() {
    }

    /** Adds the scoring clauses to a search whose {@code severity} field is a keyword. */
    public static void score(BoolQuery.Builder bool) {
        for (Severity s : Severity.values()) {
            float rank = s.ordinal() + 1;
            bool.should(q -> q.constantScore(c -> c.filter(f -> f.term(t -> t.field("severity").value(s.name()))).boost(rank)));
        }
        bool.minimumShouldMatch("0");
    }
}
