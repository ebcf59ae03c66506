package cn.jinhua.risk.api.alert;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import cn.jinhua.risk.api.query.Sorting;

/**
 * Filters of an alert search, validated and scoped to the caller.
 *
 * @param scenarios visible scenarios, null for all
 * @param incidentIds only alerts of these incidents (the {@code status} filter), null for any
 * @param since inclusive lower bound of eventTime
 * @param until exclusive upper bound of eventTime
 * @param near lat, lon, radius in metres; null for anywhere
 * @param shadow only shadow alerts (true), or only the others (false)
 * @param sort one of {@link #SORTS}; ties by id
 */
public record AlertQuery(@Nullable Set<String> scenarios, @Nullable String scenario, @Nullable String ruleId,
                         @Nullable String severity, @Nullable List<String> incidentIds, @Nullable Instant since,
                         @Nullable Instant until, @Nullable double[] near, @Nullable String q, boolean shadow, Sorting sort,
                         int from, int size) {
    /** What {@code GET /api/alerts} sorts by; {@code severity} by rank (LOW < MEDIUM < HIGH < CRITICAL), then newest first. */
    public static final List<String> SORTS = List.of("eventTime", "severity", "ruleId", "scenario", "subjectId");
    public static final Sorting NEWEST_FIRST = new Sorting("eventTime", true);
}
