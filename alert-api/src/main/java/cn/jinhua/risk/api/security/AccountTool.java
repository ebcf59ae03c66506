package cn.jinhua.risk.api.security;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The command behind {@code ./risk account}: adds, replaces, removes and lists the accounts of an
 * accounts file ({@link AccountsFile}). The password is asked for twice without echo on a terminal,
 * and read from the first line of standard input otherwise; only its BCrypt hash is written.
 * A FIELD_TEAM account's team is {@code --team}, a TEAM of the world files (checked here), or
 * {@code --live-team}, a team put in live: this tool cannot see the live world, the API checks that
 * team at each login ({@link TeamRoster}). Exit status 0 when done, 2 for a bad argument (unknown
 * role, a {@code --team} that is not a TEAM of the world files, a short password) with a message
 * saying which, 1 when the file cannot be read or written.
 */
public final class AccountTool {
    /** BCrypt work factor of new hashes: about a quarter of a second per check on one core here. */
    static final int COST = 12;
    static final int MIN_PASSWORD = 8;

    /** Where the password comes from: a prompt on a terminal, or standard input. */
    interface PasswordSource {
        String read(String username) throws IOException;
    }

    private AccountTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, AccountTool::readPassword, System.out, System.err));
    }

    static int run(String[] args, PasswordSource passwords, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    return usage(err, "option " + args[i] + " needs a value");
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        for (String o : options.keySet()) {
            if (!List.of("file", "team", "live-team", "world-dir").contains(o)) {
                return usage(err, "unknown option --" + o);
            }
        }
        if (positional.isEmpty() || !options.containsKey("file")) {
            return usage(err, positional.isEmpty() ? "no command" : "--file is required");
        }
        if (options.containsKey("team") && options.containsKey("live-team")) {
            return usage(err, "--team and --live-team: one team, given one way");
        }
        Path file = Path.of(options.get("file"));
        String worldDir = options.get("world-dir");
        try {
            Map<String, Account> accounts = new LinkedHashMap<>(AccountsFile.read(file));
            switch (positional.get(0)) {
                case "add" -> {
                    if (positional.size() != 3) {
                        return usage(err, "add needs NAME and ROLE");
                    }
                    String name = positional.get(1);
                    String role = positional.get(2).toUpperCase(java.util.Locale.ROOT);
                    String team = options.get("team");
                    String liveTeam = options.get("live-team");
                    // Checked before the password is asked for, with a placeholder hash.
                    AccountsFile.account(name, role, team != null ? team : liveTeam, BCrypt.hashpw("x", BCrypt.gensalt(4)));
                    if (team != null) {
                        World files = WorldLoader.loadDirectoryOrDefault(worldDir == null || worldDir.isBlank() ? null : Path.of(worldDir));
                        if (!TeamRoster.of(files).has(team)) {
                            throw new IllegalArgumentException("\"" + team + "\" is not a TEAM of the world files; a team put in"
                                    + " live is given as --live-team " + team);
                        }
                    }
                    String password = passwords.read(name);
                    if (password == null || password.length() < MIN_PASSWORD) {
                        err.println("account: the password must have at least " + MIN_PASSWORD + " characters");
                        return 2;
                    }
                    if (password.length() > LoginService.MAX_PASSWORD) {
                        err.println("account: the password must have at most " + LoginService.MAX_PASSWORD + " characters");
                        return 2;
                    }
                    Account a = AccountsFile.account(name, role, team != null ? team : liveTeam,
                            BCrypt.hashpw(password, BCrypt.gensalt(COST)));
                    boolean replaced = accounts.put(name, a) != null;
                    AccountsFile.write(file, accounts);
                    out.println((replaced ? "replaced" : "added") + " account " + name + " (" + role
                            + (a.teamId() == null ? "" : ", team " + a.teamId()) + ") in " + file);
                    if (liveTeam != null) {
                        out.println("team " + liveTeam + " is not checked here: the API lets " + name
                                + " log in while the team is in its live world, and refuses it with the reason otherwise");
                    }
                }
                case "remove" -> {
                    if (positional.size() != 2) {
                        return usage(err, "remove needs NAME");
                    }
                    if (accounts.remove(positional.get(1)) == null) {
                        err.println("account: no account " + positional.get(1) + " in " + file);
                        return 2;
                    }
                    AccountsFile.write(file, accounts);
                    out.println("removed account " + positional.get(1) + " from " + file);
                }
                case "list" -> accounts.values().forEach(a -> out.println(a.username() + " " + String.join(",", a.roles())
                        + (a.teamId() == null ? "" : " " + a.teamId())));
                default -> {
                    return usage(err, "unknown command " + positional.get(0));
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("account: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("account: cannot read or write " + file + ": " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("account: " + problem);
        err.println("usage: account add NAME ROLE [--team TEAM | --live-team TEAM] | remove NAME | list   --file FILE"
                + " [--world-dir DIR]");
        err.println("  ROLE: one of " + new java.util.TreeSet<>(AccountsFile.ACCOUNT_ROLES) + "; for FIELD_TEAM only: --team TEAM"
                + " (a TEAM of the world files) or --live-team TEAM (a team put in live, checked by the API at each login)");
        return 2;
    }

    private static String readPassword(String username) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password for %s: ", username);
            char[] again = console.readPassword("the same password again: ");
            if (first == null || again == null || !java.util.Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return new String(first);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line;
    }
}
