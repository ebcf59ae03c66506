package cn.jinhua.risk.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Figures;
import cn.jinhua.risk.api.support.MutableClock;
import cn.jinhua.risk.api.support.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Login is throttled per user name (5 failures in 5 minutes) and per client address (20), with 429
 * and Retry-After; a name that does not exist is throttled like one that does. The clock is moved by
 * hand, so the window passes without waiting.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-login-")
@Property(name = "risk.test.mutable-clock", value = "true")
class LoginThrottleTest {
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final AtomicInteger TRIED = new AtomicInteger();
    static final AtomicInteger THROTTLED = new AtomicInteger();

    @Inject
    EmbeddedServer server;
    @Inject
    Clock clock;
    RawHttp raw;

    @BeforeEach
    void freshWindow() {
        raw = new RawHttp(server.getURL());
        // Every test starts after the failures of the ones before have left the window.
        ((MutableClock) clock).advance(WINDOW.plusSeconds(1));
    }

    @AfterAll
    void report() {
        Figures.report("Security", "login throttled per user (5 failures / 5 min) and per address (20), 429 with Retry-After;"
                        + " unknown names throttled alike", Figures.COMMAND_PREFIX + "LoginThrottleTest",
                Figures.of("tried", TRIED.get() + " logins", "denied", THROTTLED.get() + " throttled (429, as they should)"));
    }

    @Test
    void aUserWithFiveWrongPasswordsWaitsOutTheWindowEvenWithTheRightOne() {
        for (int i = 0; i < 5; i++) {
            assertThat(login("command", "wrong-" + i).status()).isEqualTo(401);
        }
        RawHttp.Response refused = login("command", "demo");
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("300");
        assertThat(refused.asApi().json().get("error").asText()).contains("too many failed logins").contains("try again in 300 s");
        assertThat(login("bureau", "demo").status()).as("another user from the same address").isEqualTo(200);

        ((MutableClock) clock).advance(Duration.ofMinutes(4));
        RawHttp.Response later = login("command", "demo");
        assertThat(later.status()).isEqualTo(429);
        assertThat(later.header("Retry-After")).isEqualTo("60");
        ((MutableClock) clock).advance(Duration.ofMinutes(1));
        assertThat(login("command", "demo").status()).isEqualTo(200);
    }

    @Test
    void anAddressWithTwentyFailuresWaitsWhateverNameItTries() {
        for (int i = 0; i < 20; i++) {
            assertThat(login("guess-" + i, "demo").status()).isEqualTo(401);
        }
        RawHttp.Response refused = login("bureau", "demo");
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("300");
        ((MutableClock) clock).advance(WINDOW);
        assertThat(login("bureau", "demo").status()).isEqualTo(200);
    }

    @Test
    void anUnknownNameIsThrottledLikeAKnownOne() {
        for (String name : new String[] {"admin", "no-such-user"}) {
            for (int i = 0; i < 5; i++) {
                assertThat(login(name, "wrong").status()).isEqualTo(401);
            }
            RawHttp.Response r = login(name, "wrong");
            assertThat(r.status()).as(name).isEqualTo(429);
            assertThat(r.header("Retry-After")).as(name).isEqualTo("300");
        }
    }

    @Test
    void aSuccessfulLoginClearsItsNamesFailures() {
        for (int i = 0; i < 4; i++) {
            assertThat(login("tm-wc-fire", "wrong").status()).isEqualTo(401);
        }
        assertThat(login("tm-wc-fire", "demo").status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(login("tm-wc-fire", "wrong").status()).isEqualTo(401);
        }
        assertThat(login("tm-wc-fire", "demo").status()).isEqualTo(200);
    }

    private RawHttp.Response login(String user, String password) {
        RawHttp.Response r = raw.send("POST", "/login", null, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        TRIED.incrementAndGet();
        if (r.status() == 429) {
            THROTTLED.incrementAndGet();
        }
        return r;
    }
}
