package cn.jinhua.risk.api.incident;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The raw query parameters of {@code GET /api/incidents}; the service validates them. */
@Serdeable
public record IncidentListCommand(@Nullable String scenario, @Nullable String status, @Nullable String severity,
                                  @Nullable String open, @Nullable String from, @Nullable String size,
                                  @Nullable String page, @Nullable String since, @Nullable String until,
                                  @Nullable String near, @Nullable String sort) {
}
