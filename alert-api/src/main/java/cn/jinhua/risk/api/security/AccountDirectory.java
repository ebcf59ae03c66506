package cn.jinhua.risk.api.security;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import org.mindrot.jbcrypt.BCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts that may log in ({@code docs/api.md} "Roles and login"): those of the accounts file
 * ({@link AccountsFile}, re-read when it changes, so {@code ./risk account add} needs no restart),
 * those configured under {@code risk.security.accounts}, and, only when
 * {@code risk.security.demo-accounts} is true (the demo environment), the demo accounts: command,
 * bureau, admin, and one per TEAM of the world now, a team put in live included.
 *
 * <p>A FIELD_TEAM account names its team, which need not be a team of the world when the account is
 * read: the world changes live ({@link TeamRoster}), and the accounts may be read before the API has
 * read the live changes. Such an account is read with a warning in the log, and {@link LoginService}
 * refuses its logins, with the reason, while its team is not in the world.
 *
 * <p>Every check costs one BCrypt comparison, whoever asks: an unknown user is compared with a
 * decoy hash at the highest work factor of the known accounts, so the time of an answer does not
 * tell whether a name exists; demo passwords are BCrypt-hashed at start for the same reason.
 * Thread-safe.
 */
@Singleton
public final class AccountDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(AccountDirectory.class);
    private static final String DEMO_PASSWORD = "demo";
    private static final int DEFAULT_COST = 10;
    /** How often at most the accounts file is looked at for changes. */
    private static final long FILE_CHECK_NANOS = 1_000_000_000L;

    private final Map<String, Account> fixed = new LinkedHashMap<>();
    private final TeamRoster teams;
    /** The hash of the demo password when the demo accounts exist, else null. */
    @Nullable
    private final String demoHash;
    private final BiPredicate<String, String> passwordMatches;
    @Nullable
    private final Path file;
    private volatile Map<String, Account> fromFile = Map.of();
    private volatile String decoyHash;
    private Object fileStamp;
    private long fileCheckedAt;

    @Inject
    AccountDirectory(List<AccountConfig> configured, SecurityProperties props, TeamRoster teams) {
        this(configured, props, teams, BCrypt::checkpw);
    }

    /** @param passwordMatches (password, hash) → whether they match: BCrypt, or a recording stand-in in tests */
    AccountDirectory(List<AccountConfig> configured, SecurityProperties props, TeamRoster teams,
                     BiPredicate<String, String> passwordMatches) {
        this.teams = teams;
        this.passwordMatches = passwordMatches;
        this.file = props.accountsFile() == null || props.accountsFile().isBlank() ? null : Path.of(props.accountsFile());
        if (props.demoAccounts()) {
            demoHash = BCrypt.hashpw(DEMO_PASSWORD, BCrypt.gensalt(DEFAULT_COST));
            fixed.put("command", new Account("command", demoHash, Set.of(Roles.COMMAND), null));
            fixed.put("bureau", new Account("bureau", demoHash, Set.of(Roles.ENV_BUREAU), null));
            fixed.put("admin", new Account("admin", demoHash, Set.of(Roles.ADMIN), null));
            LOG.warn("demo accounts enabled (command, bureau, admin and one per team of the world, {} now; password \"demo\"):"
                    + " never in production", teams.teamIds().size());
        } else {
            demoHash = null;
        }
        for (AccountConfig c : configured) {
            if (c.roles().contains(Roles.FIELD_TEAM) && (c.teamId() == null || c.teamId().isBlank())) {
                throw new IllegalStateException("account " + c.name() + " has role FIELD_TEAM but no team-id");
            }
            fixed.put(c.name(), new Account(c.name(), c.passwordHash(), Set.copyOf(c.roles()), c.teamId()));
        }
        warnOfTeamsNotInTheWorld(fixed.values(), "risk.security.accounts");
        if (file != null) {
            try {
                reloadFile(true);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot read the accounts file " + file + ": " + e.getMessage(), e);
            }
        }
        decoyHash = decoy();
        if (fixed.isEmpty() && fromFile.isEmpty()) {
            LOG.warn("no accounts: nobody can log in until one is added (./risk account add NAME ROLE, {})",
                    file == null ? "or risk.security.accounts" : "which writes " + file);
        }
    }

    /** The account if the password matches; one BCrypt comparison whether the name exists or not. */
    Optional<Account> authenticate(String username, String password) {
        refreshFromFile();
        Account a = find(username);
        String hash = a == null ? decoyHash : a.passwordHash();
        boolean matches;
        try {
            matches = passwordMatches.test(password, hash);
        } catch (IllegalArgumentException e) {
            LOG.error("account {} has a malformed BCrypt hash", username);
            matches = false;
        }
        return a != null && matches ? Optional.of(a) : Optional.empty();
    }

    /** Names of every account, for operators' messages. */
    Set<String> usernames() {
        refreshFromFile();
        Map<String, Account> all = new LinkedHashMap<>(fromFile);
        all.putAll(fixed);
        if (demoHash != null) {
            teams.teamIds().forEach(id -> all.put(id, null));
        }
        return all.keySet();
    }

    /** Configured and demo accounts first, then those of the file. */
    private Account find(String username) {
        if (username == null) {
            return null;
        }
        Account a = fixed.get(username);
        if (a == null && demoHash != null && teams.has(username)) {
            a = new Account(username, demoHash, Set.of(Roles.FIELD_TEAM), username);
        }
        return a != null ? a : fromFile.get(username);
    }

    /** Warns of FIELD_TEAM accounts whose team is not in the world now: their logins are refused until it is. */
    private void warnOfTeamsNotInTheWorld(Collection<Account> accounts, Object source) {
        for (Account a : accounts) {
            if (a.teamId() != null && !teams.has(a.teamId())) {
                LOG.warn("account {} of {} acts for team {}, which is not a TEAM of the world now (the world files with the"
                        + " live changes read so far): its logins are refused until the team is in the world",
                        a.username(), source, a.teamId());
            }
        }
    }

    private void refreshFromFile() {
        if (file == null) {
            return;
        }
        try {
            reloadFile(false);
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("cannot re-read the accounts file {}, keeping the accounts read before: {}", file, e.getMessage());
        }
    }

    private synchronized void reloadFile(boolean force) throws IOException {
        long now = System.nanoTime();
        if (!force && now - fileCheckedAt < FILE_CHECK_NANOS) {
            return;
        }
        fileCheckedAt = now;
        Object stamp = stamp(file);
        if (!force && java.util.Objects.equals(stamp, fileStamp)) {
            return;
        }
        Map<String, Account> read = AccountsFile.read(file);
        for (String name : read.keySet()) {
            if (fixed.containsKey(name) || (demoHash != null && teams.has(name))) {
                LOG.warn("account {} of {} is also configured or a demo account: the configured one is used", name, file);
            }
        }
        warnOfTeamsNotInTheWorld(read.values(), file);
        fromFile = Map.copyOf(read);
        fileStamp = stamp;
        decoyHash = decoy();
        LOG.info("{} account(s) from {}", read.size(), file);
    }

    private static Object stamp(Path f) throws IOException {
        if (!Files.exists(f)) {
            return null;
        }
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    }

    /** A hash of a random password at the highest work factor among the accounts' hashes. */
    private String decoy() {
        int cost = DEFAULT_COST;
        for (Map<String, Account> m : List.of(fixed, fromFile)) {
            for (Account a : m.values()) {
                cost = Math.max(cost, costOf(a.passwordHash()));
            }
        }
        if (decoyHash != null && costOf(decoyHash) == cost) {
            return decoyHash;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return BCrypt.hashpw(HexFormat.of().formatHex(random), BCrypt.gensalt(cost));
    }

    /** The work factor of a BCrypt hash ({@code $2a$NN$...}), or the default for anything else. */
    static int costOf(String hash) {
        if (hash != null && hash.length() > 6 && hash.startsWith("$2") && hash.charAt(3) == '$'
                && Character.isDigit(hash.charAt(4)) && Character.isDigit(hash.charAt(5))) {
            return Integer.parseInt(hash.substring(4, 6));
        }
        return DEFAULT_COST;
    }
}
