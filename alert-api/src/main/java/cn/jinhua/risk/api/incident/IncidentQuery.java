package cn.jinhua.risk.api.incident;

import io.micronaut.core.annotation.Nullable;
import java.util.Set;

/**
 * Filters of an incident search, already validated and scoped to the caller.
 *
 * @param scenarios visible scenarios, null for all
 * @param teamId only incidents this team was dispatched to (field teams), else null
 */
public record IncidentQuery(@Nullable Set<String> scenarios, @Nullable String scenario, @Nullable IncidentStatus status,
                            @Nullable String severity, @Nullable String teamId, @Nullable Boolean open,
                            int from, int size) {
}
