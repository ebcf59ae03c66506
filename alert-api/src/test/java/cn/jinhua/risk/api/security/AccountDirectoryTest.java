package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mindrot.jbcrypt.BCrypt;

class AccountDirectoryTest {
    static final World WORLD = WorldLoader.loadClasspath();
    static final String CONFIGURED_HASH = BCrypt.hashpw("secret-password", BCrypt.gensalt(11));

    /**
     * Unknown names cost the same work as known ones: every check is one BCrypt comparison, an
     * unknown name's against a decoy at the highest work factor of the known hashes. Counted, not timed.
     */
    @Test
    void everyCheckIsOneBcryptComparisonAtTheHighestWorkFactor() {
        List<String> hashesChecked = new ArrayList<>();
        AccountDirectory d = new AccountDirectory(List.of(new AccountConfig("li.wei", CONFIGURED_HASH, List.of("COMMAND"), null)),
                new SecurityProperties(null, true, null), TeamRoster.of(WORLD), (password, hash) -> {
                    hashesChecked.add(hash);
                    return BCrypt.checkpw(password, hash);
                });
        assertThat(d.authenticate("li.wei", "secret-password")).isPresent();
        assertThat(d.authenticate("li.wei", "wrong")).isEmpty();
        assertThat(d.authenticate("command", "demo")).isPresent();
        assertThat(d.authenticate("nobody", "secret-password")).isEmpty();
        assertThat(d.authenticate(null, "x")).isEmpty();
        assertThat(hashesChecked).hasSize(5);
        assertThat(AccountDirectory.costOf(hashesChecked.get(3))).isEqualTo(11);
        assertThat(hashesChecked.get(3)).isEqualTo(hashesChecked.get(4)).isNotEqualTo(CONFIGURED_HASH);
        assertThat(AccountDirectory.costOf(hashesChecked.get(2))).as("demo password hashed at start").isEqualTo(10);
    }

    @Test
    void theAccountsFileIsReadAndReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("accounts");
        Map<String, Account> accounts = new LinkedHashMap<>();
        accounts.put("li.wei", AccountsFile.account("li.wei", "COMMAND", null, BCrypt.hashpw("pw-li-wei", BCrypt.gensalt(4))));
        AccountsFile.write(file, accounts);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        AccountDirectory d = new AccountDirectory(List.of(), new SecurityProperties(null, false, file.toString()),
                TeamRoster.of(WORLD));
        assertThat(d.authenticate("li.wei", "pw-li-wei")).isPresent();
        assertThat(d.authenticate("command", "demo")).as("no demo accounts outside the demo").isEmpty();

        accounts.put("post", AccountsFile.account("post", "FIELD_TEAM", "tm-luodian-police", BCrypt.hashpw("pw-post-1",
                BCrypt.gensalt(4))));
        AccountsFile.write(file, accounts);
        Thread.sleep(1_100);
        Account post = d.authenticate("post", "pw-post-1").orElseThrow();
        assertThat(post.roles()).isEqualTo(Set.of("FIELD_TEAM"));
        assertThat(post.teamId()).isEqualTo("tm-luodian-police");

        Files.writeString(file, "post NOT_A_ROLE - $2a$04$abc\n");
        Thread.sleep(1_100);
        assertThat(d.authenticate("li.wei", "pw-li-wei")).as("a broken file keeps the accounts read before").isPresent();
    }

    @Test
    void aBrokenAccountsFileStopsTheStartNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("accounts");
        Files.writeString(file, "# comment\nli.wei COMMAND - " + BCrypt.hashpw("x", BCrypt.gensalt(4)) + "\npost FIELD_TEAM - "
                + BCrypt.hashpw("x", BCrypt.gensalt(4)) + "\n");
        assertThatThrownBy(() -> new AccountDirectory(List.of(), new SecurityProperties(null, false, file.toString()),
                TeamRoster.of(WORLD)))
                .hasMessageContaining("line 3").hasMessageContaining("a FIELD_TEAM account needs a team");
    }

    /**
     * Regression: an account of a team put in live was refused when the accounts were read, because
     * they were checked against the world files. Now the file is read whatever the world holds; the
     * login decides, against the world as it is then (LiveTeamAccountsTest).
     */
    @Test
    void anAccountOfATeamNotInTheWorldYetIsReadNotRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("accounts");
        Files.writeString(file, "e11 FIELD_TEAM tm-wy-e11 " + BCrypt.hashpw("pw-e11-team", BCrypt.gensalt(4)) + "\n");
        AccountDirectory d = new AccountDirectory(List.of(), new SecurityProperties(null, false, file.toString()),
                TeamRoster.of(WORLD));
        assertThat(d.authenticate("e11", "pw-e11-team")).get().extracting(Account::teamId).isEqualTo("tm-wy-e11");
    }

    @Test
    void demoAccountsOfFieldTeamsFollowTheTeamsOfTheWorldNow() {
        Set<String> teams = new java.util.concurrent.CopyOnWriteArraySet<>(TeamRoster.of(WORLD).teamIds());
        TeamRoster roster = new TeamRoster() {
            @Override
            public boolean has(String teamId) {
                return teams.contains(teamId);
            }

            @Override
            public List<String> teamIds() {
                return List.copyOf(teams);
            }
        };
        AccountDirectory d = new AccountDirectory(List.of(), new SecurityProperties(null, true, null), roster);
        assertThat(d.authenticate("tm-luodian-police", "demo")).get().extracting(Account::teamId).isEqualTo("tm-luodian-police");
        assertThat(d.authenticate("tm-wy-e11", "demo")).as("not a team yet").isEmpty();

        teams.add("tm-wy-e11");
        Account e11 = d.authenticate("tm-wy-e11", "demo").orElseThrow();
        assertThat(e11.roles()).isEqualTo(Set.of("FIELD_TEAM"));
        assertThat(e11.teamId()).isEqualTo("tm-wy-e11");

        teams.remove("tm-wy-e11");
        assertThat(d.authenticate("tm-wy-e11", "demo")).as("taken out").isEmpty();
    }

    @Test
    void aConfiguredFieldTeamAccountWithoutATeamStopsTheStart() {
        assertThatThrownBy(() -> new AccountDirectory(List.of(new AccountConfig("post", CONFIGURED_HASH, List.of("FIELD_TEAM"), null)),
                new SecurityProperties(null, false, null), TeamRoster.of(WORLD)))
                .hasMessageContaining("account post has role FIELD_TEAM but no team-id");
    }

    @Test
    void accountsFileLinesAreChecked() {
        String hash = BCrypt.hashpw("x", BCrypt.gensalt(4));
        assertThatThrownBy(() -> AccountsFile.parse(List.of("a INGEST - " + hash), "f")).hasMessageContaining("unknown role \"INGEST\"");
        assertThatThrownBy(() -> AccountsFile.parse(List.of("a COMMAND tm-wc-fire " + hash), "f"))
                .hasMessageContaining("only FIELD_TEAM accounts have a team");
        assertThatThrownBy(() -> AccountsFile.parse(List.of("a COMMAND - plain-password"), "f"))
                .hasMessageContaining("not a BCrypt hash");
        assertThatThrownBy(() -> AccountsFile.parse(List.of("a COMMAND - " + hash, "a ADMIN - " + hash), "f"))
                .hasMessageContaining("line 2").hasMessageContaining("appears twice");
        assertThatThrownBy(() -> AccountsFile.parse(List.of("a b COMMAND - " + hash), "f")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> AccountsFile.parse(List.of("a/b COMMAND - " + hash), "f")).hasMessageContaining("name \"a/b\"");
    }
}
