package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mindrot.jbcrypt.BCrypt;

/** {@code ./risk account}: what it writes, and what it refuses with exit 2 before asking for a password. */
class AccountToolTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String password, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AccountTool.run(args, user -> {
            if (password == null) {
                throw new AssertionError("the password was asked for");
            }
            return password;
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void addsReplacesListsAndRemovesAccountsWithBcryptHashesOnly() throws Exception {
        String file = dir.resolve("accounts").toString();
        Run added = run("correct horse", "add", "li.wei", "COMMAND", "--file", file);
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added account li.wei (COMMAND)");
        assertThat(run("battery staple", "add", "post", "field_team", "--team", "tm-luodian-police", "--file", file).exit()).isZero();
        String text = Files.readString(Path.of(file));
        assertThat(text).doesNotContain("correct horse").doesNotContain("battery staple");
        List<String> lines = Files.readAllLines(Path.of(file)).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).hasSize(2);
        String[] li = lines.get(0).split(" ");
        assertThat(li[0] + " " + li[1] + " " + li[2]).isEqualTo("li.wei COMMAND -");
        assertThat(BCrypt.checkpw("correct horse", li[3])).isTrue();
        assertThat(AccountDirectory.costOf(li[3])).isEqualTo(AccountTool.COST);
        assertThat(lines.get(1)).startsWith("post FIELD_TEAM tm-luodian-police $2a$");

        Run replaced = run("another password", "add", "li.wei", "ADMIN", "--file", file);
        assertThat(replaced.out()).contains("replaced account li.wei (ADMIN)");
        assertThat(run(null, "list", "--file", file).out()).isEqualTo("li.wei ADMIN\npost FIELD_TEAM tm-luodian-police\n");
        assertThat(run(null, "remove", "post", "--file", file).exit()).isZero();
        assertThat(run(null, "list", "--file", file).out()).isEqualTo("li.wei ADMIN\n");
    }

    @Test
    void refusesWhatCannotBeAnAccountWithExitTwoAndAReason() {
        String file = dir.resolve("accounts").toString();
        assertRefused(run(null, "add", "x", "SUPERUSER", "--file", file), "unknown role \"SUPERUSER\"");
        assertRefused(run(null, "add", "x", "INGEST", "--file", file), "unknown role \"INGEST\"");
        assertRefused(run(null, "add", "x", "FIELD_TEAM", "--file", file), "a FIELD_TEAM account needs a team");
        assertRefused(run(null, "add", "x", "FIELD_TEAM", "--team", "tm-nowhere", "--file", file),
                "\"tm-nowhere\" is not a TEAM of the world files; a team put in live is given as --live-team tm-nowhere");
        assertRefused(run(null, "add", "x", "FIELD_TEAM", "--team", "tm-wc-fire", "--live-team", "tm-wy-e11", "--file", file),
                "--team and --live-team");
        assertRefused(run(null, "add", "x", "COMMAND", "--live-team", "tm-wy-e11", "--file", file),
                "only FIELD_TEAM accounts have a team");
        assertRefused(run(null, "add", "x", "FIELD_TEAM", "--live-team", "-", "--file", file), "a FIELD_TEAM account needs a team");
        assertRefused(run(null, "add", "x", "COMMAND", "--team", "tm-wc-fire", "--file", file), "only FIELD_TEAM accounts have a team");
        assertRefused(run(null, "add", "x y", "COMMAND", "--file", file), "name \"x y\"");
        assertRefused(run("short", "add", "x", "COMMAND", "--file", file), "at least 8 characters");
        assertRefused(run(null, "add", "x", "COMMAND"), "--file is required");
        assertRefused(run(null, "remove", "nobody", "--file", file), "no account nobody");
        assertRefused(run(null, "frobnicate", "--file", file), "unknown command frobnicate");
        assertThat(Files.exists(dir.resolve("accounts"))).as("nothing written").isFalse();
    }

    /**
     * Regression: an account for a team put in live (a world-batch) could not be added, and a file
     * holding one could not be read again. The tool cannot see the live world: such a team is named
     * with --live-team, and the API checks it at each login.
     */
    @Test
    void addsAnAccountForATeamPutInLiveAndStillReadsTheFile() throws Exception {
        String file = dir.resolve("accounts").toString();
        Run added = run("plant eleven", "add", "e11", "FIELD_TEAM", "--live-team", "tm-wy-e11", "--file", file);
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added account e11 (FIELD_TEAM, team tm-wy-e11)")
                .contains("the API lets e11 log in while the team is in its live world");
        assertThat(Files.readAllLines(Path.of(file)).get(1)).startsWith("e11 FIELD_TEAM tm-wy-e11 $2a$");

        assertThat(run("correct horse", "add", "li.wei", "COMMAND", "--file", file).exit()).isZero();
        assertThat(run(null, "list", "--file", file).out()).isEqualTo("e11 FIELD_TEAM tm-wy-e11\nli.wei COMMAND\n");
    }

    private static void assertRefused(Run r, String reason) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(reason);
    }
}
