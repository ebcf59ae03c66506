package cn.jinhua.risk.api.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * {@code POST /api/incidents/{id}/dispatch}.
 *
 * @param teamIds teams of the world to send
 * @param version the incident version the decision was made on; when given and stale, 409
 */
@Serdeable
public record DispatchCommand(@Nullable List<String> teamIds, @Nullable String version) {
}
