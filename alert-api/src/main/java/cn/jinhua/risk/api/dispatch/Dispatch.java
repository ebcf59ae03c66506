package cn.jinhua.risk.api.dispatch;

import cn.jinhua.risk.api.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One team sent to an incident, and the rules of its own progress ({@code docs/api.md}
 * "Lifecycle"): a dispatch only moves forward through {@link DispatchStatus} and ends at RESOLVED or
 * FALSE_ALARM. Times are ISO-8601 strings with offset. Immutable.
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

    /** A team newly sent by {@code by}, due to acknowledge by {@code ackDueAt}. */
    public static Dispatch of(RecommendedTeam t, String at, String by, String ackDueAt, boolean byEscalation) {
        return new Dispatch(t.teamId(), t.name(), t.nameZh(), t.role(), t.level(), DispatchStatus.DISPATCHED, at, by,
                ackDueAt, null, null, at, by, byEscalation);
    }

    /**
     * The dispatch moved to {@code next}; the same dispatch when it is there already. Anything past
     * DISPATCHED acknowledges it.
     *
     * @throws ApiException 409 when it ended, would go back, or would return to DISPATCHED
     */
    public Dispatch moveTo(DispatchStatus next, String at, String by) {
        if (status == next) {
            return this;
        }
        if (status.ended()) {
            throw ApiException.conflict("dispatch of " + teamId + " already ended as " + status);
        }
        if (next.ordinal() < status.ordinal()) {
            throw ApiException.conflict("dispatch of " + teamId + " cannot go back from " + status + " to " + next);
        }
        if (next == DispatchStatus.DISPATCHED) {
            throw ApiException.conflict("dispatch of " + teamId + " is already " + status);
        }
        String ack = acknowledgedAt == null ? at : acknowledgedAt;
        return new Dispatch(teamId, teamName, teamNameZh, role, level, next, dispatchedAt, dispatchedBy, ackDueAt,
                ack, escalatedAt, at, by, byEscalation);
    }

    /** The dispatch marked as escalated at {@code at}. */
    public Dispatch escalated(String at) {
        return new Dispatch(teamId, teamName, teamNameZh, role, level, status, dispatchedAt, dispatchedBy, ackDueAt,
                acknowledgedAt, at, updatedAt, updatedBy, byEscalation);
    }

    /** Still waiting for its acknowledgement and not escalated yet. */
    public boolean awaitingAck() {
        return status == DispatchStatus.DISPATCHED && escalatedAt == null && ackDueAt != null;
    }
}
