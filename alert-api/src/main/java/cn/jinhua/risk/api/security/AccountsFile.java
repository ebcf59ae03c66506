package cn.jinhua.risk.api.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The accounts file ({@code risk.security.accounts-file}, env RISK_ACCOUNTS_FILE) that
 * {@code ./risk account add} writes and the API reads: one account per line,
 * {@code NAME ROLE TEAM HASH}, separated by blanks, where TEAM is {@code -} for every role but
 * FIELD_TEAM and HASH is the BCrypt hash of the password; {@code #} starts a comment. Passwords are
 * never stored. Whether TEAM is a team of the world is not the file's to say: the world changes live,
 * so the API checks it against its live world at each login ({@link TeamRoster}), and
 * {@link AccountTool} against the world files when an account is added. Stateless: every method
 * reads or writes the file it is given.
 */
final class AccountsFile {
    /** Roles an account may have; INGEST is the job's static token, never an account. */
    static final Set<String> ACCOUNT_ROLES = Set.of(Roles.COMMAND, Roles.ENV_BUREAU, Roles.FIELD_TEAM, Roles.ADMIN);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** A team id as a line can hold it: no blanks, and not {@code -}, which stands for none. */
    static final Pattern TEAM = Pattern.compile("\\S{1,128}");
    static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final String HEADER = "# Accounts of the alert API, written by ./risk account add: NAME ROLE TEAM BCRYPT-HASH"
            + " (TEAM is - unless ROLE is FIELD_TEAM). Passwords are never stored.";

    private AccountsFile() {
    }

    /** Reads the accounts of a file; a missing file has none. Throws with the line at fault. */
    static Map<String, Account> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static Map<String, Account> parse(List<String> lines, String source) {
        Map<String, Account> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            String at = source + " line " + (i + 1) + ": ";
            if (f.length != 4) {
                throw new IllegalArgumentException(at + "expected NAME ROLE TEAM HASH, got " + f.length + " fields");
            }
            Account a;
            try {
                a = account(f[0], f[1], "-".equals(f[2]) ? null : f[2], f[3]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + e.getMessage(), e);
            }
            if (out.put(a.username(), a) != null) {
                throw new IllegalArgumentException(at + "account " + a.username() + " appears twice");
            }
        }
        return out;
    }

    /**
     * One account, checked: name, role, team (FIELD_TEAM only, and always for it) and hash. Whether
     * the team is one of the world is checked by whoever knows the world (see the type's comment).
     */
    static Account account(String name, String role, String teamId, String hash) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name \"" + name + "\" must be 1-64 of A-Z a-z 0-9 . _ @ -");
        }
        if (!ACCOUNT_ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role \"" + role + "\" (one of " + new TreeSet<>(ACCOUNT_ROLES) + ")");
        }
        if (Roles.FIELD_TEAM.equals(role)) {
            if (teamId == null || "-".equals(teamId)) {
                throw new IllegalArgumentException("a FIELD_TEAM account needs a team");
            }
            if (!TEAM.matcher(teamId).matches()) {
                throw new IllegalArgumentException("team \"" + teamId + "\" must be 1-128 characters without blanks");
            }
        } else if (teamId != null) {
            throw new IllegalArgumentException("only FIELD_TEAM accounts have a team, not " + role);
        }
        if (!BCRYPT.matcher(hash).matches()) {
            throw new IllegalArgumentException("the password hash of " + name + " is not a BCrypt hash");
        }
        return new Account(name, hash, Set.of(role), teamId);
    }

    /** Writes the accounts, replacing the file in one move, readable by its owner alone. */
    static void write(Path file, Map<String, Account> accounts) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Account a : accounts.values()) {
            lines.add(a.username() + " " + String.join(",", new TreeSet<>(a.roles())) + " "
                    + (a.teamId() == null ? "-" : a.teamId()) + " " + a.passwordHash());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".accounts", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its own defaults apply.
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
