package cn.jinhua.risk.api.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An operator's acknowledgement of an incident's alerts; the body may be empty.
 *
 * @param version the incident version the operator saw; when given and stale, 409
 */
@Serdeable
public record SeenCommand(@Nullable String version) {
}
