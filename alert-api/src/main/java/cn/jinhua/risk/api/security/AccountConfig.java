package cn.jinhua.risk.api.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * A configured account: {@code risk.security.accounts.<username>.password-hash} (BCrypt),
 * {@code .roles}, and {@code .team-id} for field teams. No plain passwords in configuration.
 */
@EachProperty("risk.security.accounts")
public record AccountConfig(@Parameter String name,
                            @NotBlank String passwordHash,
                            @NotEmpty List<String> roles,
                            @Nullable String teamId) {
}
