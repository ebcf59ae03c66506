package cn.jinhua.risk.api.security;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.Team;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mindrot.jbcrypt.BCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts that may log in: the configured ones (BCrypt hashes) and, only when
 * {@code risk.security.demo-accounts} is true (the demo environment), the demo accounts ({@code docs/api.md}
 * "Roles and login").
 * Thread-safe and immutable after construction.
 */
@Singleton
public final class AccountDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(AccountDirectory.class);
    private static final String DEMO_PASSWORD = "demo";

    /** A resolved account. {@code passwordHash} is null for demo accounts (password "demo"). */
    record Account(String username, String passwordHash, Set<String> roles, String teamId) {
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    AccountDirectory(List<AccountConfig> configured, SecurityProperties props, World world) {
        if (props.demoAccounts()) {
            put(new Account("command", null, Set.of(Roles.COMMAND), null));
            put(new Account("bureau", null, Set.of(Roles.ENV_BUREAU), null));
            put(new Account("admin", null, Set.of(Roles.ADMIN), null));
            for (Team t : world.all(Team.class)) {
                put(new Account(t.id(), null, Set.of(Roles.FIELD_TEAM), t.id()));
            }
            LOG.warn("demo accounts enabled ({} accounts, password \"demo\"): never in production", accounts.size());
        }
        for (AccountConfig c : configured) {
            if (c.roles().contains(Roles.FIELD_TEAM) && (c.teamId() == null || world.find(c.teamId(), Team.class).isEmpty())) {
                throw new IllegalStateException("account " + c.name() + " has role FIELD_TEAM but team-id \""
                        + c.teamId() + "\" is not a TEAM of the world");
            }
            put(new Account(c.name(), c.passwordHash(), Set.copyOf(c.roles()), c.teamId()));
        }
    }

    private void put(Account a) {
        accounts.put(a.username(), a);
    }

    /** The account if the password matches. Constant-time comparison for demo passwords. */
    Optional<Account> authenticate(String username, String password) {
        Account a = username == null ? null : accounts.get(username);
        if (a == null || password == null) {
            return Optional.empty();
        }
        boolean ok;
        if (a.passwordHash() == null) {
            ok = MessageDigest.isEqual(DEMO_PASSWORD.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
        } else {
            try {
                ok = BCrypt.checkpw(password, a.passwordHash());
            } catch (IllegalArgumentException e) {
                LOG.error("account {} has a malformed BCrypt hash", username);
                ok = false;
            }
        }
        return ok ? Optional.of(a) : Optional.empty();
    }
}
