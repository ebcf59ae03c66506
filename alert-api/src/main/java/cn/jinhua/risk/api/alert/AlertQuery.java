package cn.jinhua.risk.api.alert;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Filters of an alert search, validated and scoped to the caller.
 *
 * @param scenarios visible scenarios, null for all
 * @param incidentIds only alerts of these incidents (the {@code status} filter), null for any
 * @param since inclusive lower bound of eventTime
 * @param until exclusive upper bound of eventTime
 * @param near lat, lon, radius in metres; null for anywhere
 */
public record AlertQuery(@Nullable Set<String> scenarios, @Nullable String scenario, @Nullable String ruleId,
                         @Nullable String severity, @Nullable List<String> incidentIds, @Nullable Instant since,
                         @Nullable Instant until, @Nullable double[] near, @Nullable String q, int from, int size) {
}
