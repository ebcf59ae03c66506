package cn.jinhua.risk.api.incident;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One team sent to an incident. Times are ISO-8601 strings with offset.
 *
 * @param ackDueAt when the dispatch escalates if still not acknowledged
 * @param escalatedAt when it escalated (it escalates at most once), else null
 * @param byEscalation whether the escalation (not a person) created it
 */
@Serdeable
public record Dispatch(String teamId, String teamName, @Nullable String teamNameZh, String role,
                       @Nullable String level, DispatchStatus status, String dispatchedAt, String dispatchedBy,
                       @Nullable String ackDueAt, @Nullable String acknowledgedAt, @Nullable String escalatedAt,
                       String updatedAt, String updatedBy, boolean byEscalation) {

    Dispatch withStatus(DispatchStatus next, String at, String by) {
        String ack = acknowledgedAt == null && next != DispatchStatus.DISPATCHED ? at : acknowledgedAt;
        return new Dispatch(teamId, teamName, teamNameZh, role, level, next, dispatchedAt, dispatchedBy, ackDueAt,
                ack, escalatedAt, at, by, byEscalation);
    }

    Dispatch escalated(String at) {
        return new Dispatch(teamId, teamName, teamNameZh, role, level, status, dispatchedAt, dispatchedBy, ackDueAt,
                acknowledgedAt, at, updatedAt, updatedBy, byEscalation);
    }

    /** Still waiting for its acknowledgement and not escalated yet. */
    boolean awaitingAck() {
        return status == DispatchStatus.DISPATCHED && escalatedAt == null && ackDueAt != null;
    }
}
