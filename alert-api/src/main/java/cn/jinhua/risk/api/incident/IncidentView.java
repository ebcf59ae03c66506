package cn.jinhua.risk.api.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * An incident as a caller sees it. {@code version} is the token to send back with a change that
 * must not apply over someone else's; {@code alerts} and {@code timeline} only in the detail view.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentView(String id, String incidentKey, String scenario, IncidentStatus status, boolean open,
                           String severity, @Nullable String responseLevel, @Nullable String escalationLevel,
                           String title, @Nullable String titleZh, String subjectId, @Nullable String plantId,
                           GeoPoint location, String createdAt, String updatedAt, String lastAlertAt,
                           @Nullable String ackDueAt, int alertCount, boolean sluiceMustClose,
                           List<Dispatch> dispatches, List<RecommendedTeam> recommendation,
                           @Nullable List<TimelineEntry> timeline, @Nullable List<Map<String, Object>> alerts,
                           String version) {
}
