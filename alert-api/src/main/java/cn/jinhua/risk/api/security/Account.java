package cn.jinhua.risk.api.security;

import io.micronaut.core.annotation.Nullable;
import java.util.Set;

/**
 * An account that may log in. Immutable.
 *
 * @param passwordHash the BCrypt hash of its password
 * @param teamId the team of a FIELD_TEAM account, else null
 */
record Account(String username, String passwordHash, Set<String> roles, @Nullable String teamId) {
    Account {
        roles = Set.copyOf(roles);
    }
}
