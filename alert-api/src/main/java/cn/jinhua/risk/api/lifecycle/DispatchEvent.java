package cn.jinhua.risk.api.lifecycle;

import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.dispatch.DispatchStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;

/**
 * The live event of a dispatch created or moved ({@code docs/api.md} "Live stream"), sent to the
 * team concerned as well as to those who see the incident.
 *
 * @param action DISPATCHED, the new status, or ESCALATED
 * @param location where the incident is
 * @param user who changed it; absent when nobody did
 */
public record DispatchEvent(String action, String incidentId, String scenario, String teamId, String teamName,
                            DispatchStatus status, boolean byEscalation, @Nullable String ackDueAt, String title,
                            @Nullable String titleZh, Position location,
                            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String user) {
}
