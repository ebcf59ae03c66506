package cn.jinhua.risk.api.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The live event of an incident change ({@code docs/api.md} "Live stream").
 *
 * @param action what happened: CREATED, ALERT_ADDED, DISPATCHED, DISPATCH_&lt;status&gt;, STATUS_&lt;status&gt;, ESCALATED
 * @param user who changed it; absent for changes made by ingestion
 */
public record IncidentEvent(String action, String incidentId, String incidentKey, String scenario, IncidentStatus status,
                            String severity, String title, @Nullable String titleZh, int alertCount,
                            List<String> teamIds, String updatedAt,
                            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String user) {
}
