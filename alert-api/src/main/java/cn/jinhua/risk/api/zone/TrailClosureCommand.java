package cn.jinhua.risk.api.zone;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/zones/trails/{id}/closure}: a trail closed.
 *
 * @param expiresAt ISO-8601 time with offset when the trail opens again; null: until reopened
 */
@Serdeable
public record TrailClosureCommand(@Nullable @Size(max = 40) String expiresAt) {
}
