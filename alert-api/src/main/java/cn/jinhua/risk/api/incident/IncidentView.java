package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.alert.AlertView;
import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.dispatch.Dispatch;
import cn.jinhua.risk.api.dispatch.RecommendedTeam;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An incident as a caller sees it. {@code version} is the token to send back with a change that
 * must not apply over someone else's; {@code alerts} and {@code timeline} only in the detail view.
 * {@code unseenSince}, {@code seenBy} and {@code seenAt}: the operator acknowledgement
 * ({@code docs/api.md} "Escalation").
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentView(String id, String incidentKey, String scenario, IncidentStatus status, boolean open,
                           String severity, @Nullable String responseLevel, @Nullable String escalationLevel,
                           String title, @Nullable String titleZh, String subjectId, @Nullable String plantId,
                           Position location, String createdAt, String updatedAt, String lastAlertAt,
                           @Nullable String ackDueAt, int alertCount, boolean sluiceMustClose,
                           List<Dispatch> dispatches, List<RecommendedTeam> recommendation,
                           @Nullable List<TimelineEntry> timeline, @Nullable List<AlertView> alerts,
                           String version, @Nullable String unseenSince, @Nullable String seenBy,
                           @Nullable String seenAt) {
}
