package cn.jinhua.risk.api.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The raw query parameters of {@code GET /api/alerts}; the service validates them and names the bad one. */
@Serdeable
public record AlertListCommand(@Nullable String scenario, @Nullable String ruleId, @Nullable String severity,
                               @Nullable String status, @Nullable String since, @Nullable String until,
                               @Nullable String near, @Nullable String q, @Nullable String from,
                               @Nullable String size, @Nullable String page, @Nullable String sort,
                               @Nullable String shadow) {
}
