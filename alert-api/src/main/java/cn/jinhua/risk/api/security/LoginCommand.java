package cn.jinhua.risk.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /login}. Checked by {@link LoginService}, which names a missing or bad field. */
@Serdeable
public record LoginCommand(@Nullable String username, @Nullable String password) {
}
