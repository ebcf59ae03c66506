package cn.jinhua.risk.api.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A status change of an incident or of one team's dispatch.
 *
 * @param version the incident version the change was decided on; when given and stale, 409
 * @param note free text for the timeline
 */
@Serdeable
public record StatusCommand(@Nullable String status, @Nullable String version, @Nullable String note) {
}
