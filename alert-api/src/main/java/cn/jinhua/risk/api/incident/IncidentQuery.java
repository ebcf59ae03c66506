package cn.jinhua.risk.api.incident;

import io.micronaut.core.annotation.Nullable;
import cn.jinhua.risk.api.query.Sorting;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Filters of an incident search, already validated and scoped to the caller.
 *
 * @param scenarios visible scenarios, null for all
 * @param teamId only incidents this team was dispatched to (field teams), else null
 * @param since inclusive lower bound of lastAlertAt, or null
 * @param until exclusive upper bound of lastAlertAt, or null
 * @param near lat, lon, radius in metres of the incident's location; null for anywhere
 * @param sort one of {@link #SORTS}; ties by id
 */
public record IncidentQuery(@Nullable Set<String> scenarios, @Nullable String scenario, @Nullable IncidentStatus status,
                            @Nullable String severity, @Nullable String teamId, @Nullable Boolean open,
                            @Nullable Instant since, @Nullable Instant until, @Nullable double[] near, Sorting sort,
                            int from, int size) {
    /** What {@code GET /api/incidents} sorts by; {@code severity} by rank, then most recently changed first. */
    public static final List<String> SORTS = List.of("updatedAt", "lastAlertAt", "createdAt", "severity", "scenario");
    public static final Sorting RECENTLY_CHANGED_FIRST = new Sorting("updatedAt", true);
}
