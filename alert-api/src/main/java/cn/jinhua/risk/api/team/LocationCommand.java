package cn.jinhua.risk.api.team;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /api/teams/{id}/location}.
 *
 * @param ts when the team was there (ISO-8601 with offset); now when absent
 * @param accuracyM metres, ≥ 0
 */
@Serdeable
public record LocationCommand(@Nullable Double lat, @Nullable Double lon, @Nullable String ts, @Nullable Double accuracyM) {
}
