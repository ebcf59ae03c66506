package cn.jinhua.risk.api.security;

import static cn.jinhua.risk.api.support.ControlTopics.await;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.ControlTopics;
import cn.jinhua.risk.api.support.SeedFeatures;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mindrot.jbcrypt.BCrypt;

/**
 * FIELD_TEAM accounts follow the live world, against a real broker with the tests playing the job.
 * The accounts file names a team that is put in live later and one that never is: the API starts,
 * both are refused at login with the reason, the first logs in and acts for its team once the job
 * accepted the team, and when the team is taken out live its token stops working and its login is
 * refused again.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveTeamAccountsTest implements TestPropertyProvider {
    static final String PLANT = "wy-e94";
    static final String TEAM = "tm-" + PLANT;

    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path file = Files.createTempDirectory("live-team-accounts").resolve("accounts");
            Files.writeString(file, "# a team put in live later, and one that never is\n"
                    + "e94 FIELD_TEAM " + TEAM + " " + BCrypt.hashpw("pw-e94-team", BCrypt.gensalt(4)) + "\n"
                    + "ghost FIELD_TEAM tm-nowhere " + BCrypt.hashpw("pw-ghost-team", BCrypt.gensalt(4)) + "\n");
            return Map.of("risk.security.accounts-file", file.toString(),
                    "risk.elasticsearch.index-prefix", "t-liveteams-",
                    "risk.control.enabled", "true",
                    "risk.control.group-id", "t-liveteams",
                    "risk.world.refresh", "300ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private Api.Response login(String user, String password) {
        return api.call("POST", "/login", null, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    private static String detail(Api.Response r) {
        return r.json().get("detail").asText();
    }

    /** Regression: an account for a team put in live was refused when the accounts file was read. */
    @Test
    void anAccountOfATeamPutInLiveActsForItWhileTheTeamIsInTheWorld() {
        Api.Response early = login("e94", "pw-e94-team");
        assertThat(early.status()).as(early.body()).isEqualTo(403);
        assertThat(detail(early)).isEqualTo("account e94 acts for team " + TEAM + ", which is not a team of the world now"
                + " (not put in live yet, or taken out live): it may log in once the team is in the world");
        assertThat(login("e94", "wrong-password").status()).as("no reason without the password").isEqualTo(401);

        String in = ControlTopics.sendWorldBatch(SeedFeatures.plant(PLANT), List.of());
        await("the batch recorded", () -> api.get("/api/zones/changes/" + in, "command").status() == 200);
        ControlTopics.accept(in, null, null, 22);
        await("the login of e94 accepted", () -> login("e94", "pw-e94-team").status() == 200);
        Api.Response ok = login("e94", "pw-e94-team");
        assertThat(ok.json().get("roles").get(0).asText()).isEqualTo("FIELD_TEAM");
        String token = ok.json().get("access_token").asText();

        Api.Response teams = api.call("GET", "/api/teams", token, null);
        assertThat(teams.status()).as(teams.body()).isEqualTo(200);
        assertThat(teams.json()).hasSize(1);
        assertThat(teams.json().get(0).get("id").asText()).isEqualTo(TEAM);
        Api.Response located = api.call("POST", "/api/teams/" + TEAM + "/location", token, "{\"lat\":28.95,\"lon\":119.82}");
        assertThat(located.status()).as(located.body()).isEqualTo(200);
        assertThat(login(TEAM, "demo").status()).as("the demo account of a team put in live").isEqualTo(200);

        String out = ControlTopics.sendWorldBatch(List.of(), List.of(PLANT + "-gate-depth", PLANT + "-pool-level",
                PLANT + "-pool", PLANT, TEAM));
        await("the batch taking it out recorded", () -> api.get("/api/zones/changes/" + out, "command").status() == 200);
        ControlTopics.accept(out, null, null, 23);
        await("the token of e94 refused", () -> api.call("GET", "/api/teams", token, null).status() == 401);
        Api.Response refused = api.call("GET", "/api/world", token, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(detail(refused)).isEqualTo("the token of e94 acts for team " + TEAM + ", which is no longer a team of"
                + " the world (taken out live): log in again once the team is back");
        assertThat(api.call("POST", "/api/teams/" + TEAM + "/location", token, "{\"lat\":28.95,\"lon\":119.82}").status())
                .isEqualTo(401);
        Api.Response again = login("e94", "pw-e94-team");
        assertThat(again.status()).isEqualTo(403);
        assertThat(detail(again)).contains("acts for team " + TEAM + ", which is not a team of the world now");
        Api.Response withOldToken = api.call("POST", "/login", token, "{\"username\":\"e94\",\"password\":\"pw-e94-team\"}");
        assertThat(withOldToken.status()).as("the login answers, not the token check").isEqualTo(403);
        assertThat(api.get("/api/teams", "tm-luodian-police").status()).as("other teams' tokens still work").isEqualTo(200);
    }

    @Test
    void anAccountOfATeamThatIsNoTeamOfTheWorldIsRefusedWithTheReason() {
        Api.Response r = login("ghost", "pw-ghost-team");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(detail(r)).isEqualTo("account ghost acts for team tm-nowhere, which is not a team of the world now"
                + " (not put in live yet, or taken out live): it may log in once the team is in the world");
        assertThat(r.json().get("error").asText()).isEqualTo(detail(r));
        assertThat(login("ghost", "not-the-password").status()).isEqualTo(401);
        assertThat(login("nobody", "pw-ghost-team").json().get("detail").asText()).isEqualTo("wrong username or password");
    }
}
