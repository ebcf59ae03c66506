package cn.jinhua.risk.api.incident;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One change of an incident, appended and never edited.
 *
 * @param at ISO-8601 time of the change
 * @param user who made it (account name, "ingest", or "system:escalation")
 * @param action e.g. CREATED, ALERT_ADDED, DISPATCHED, DISPATCH_ACKNOWLEDGED, STATUS_CHANGED, ESCALATED
 * @param teamId the team concerned, if any
 */
@Serdeable
public record TimelineEntry(String at, String user, String action, @Nullable String from, @Nullable String to,
                            @Nullable String teamId, @Nullable String detail) {
}
