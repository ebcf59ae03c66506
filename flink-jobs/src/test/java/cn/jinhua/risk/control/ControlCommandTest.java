package cn.jinhua.risk.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input to {@code ./risk control} is refused before anything is sent (no broker is reachable here). */
class ControlCommandTest {
    static final String GOOD = "{\"changeId\": \"c-1\", \"kind\": \"rule-enabled\", \"ruleId\": \"plating.pool-high\","
            + " \"enabled\": false, \"by\": \"officer-wu\", \"at\": \"2026-12-18T16:00:00+08:00\"}";

    record Run(int exit, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ControlCommand.run(args, "127.0.0.1:1", new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMalformedLineIsNamedAndNothingIsSent() {
        Run r = run(GOOD + "\n\n{\"changeId\": \"c-2\", \"kind\": \"rule-enabled\"}\n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("stdin line 3: by (the user who made the change) is required; nothing was sent\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aChangeIdUsedTwiceIsRefused() {
        Run r = run(GOOD + "\n" + GOOD + "\n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("stdin line 2: changeId c-1 is used twice; nothing was sent");
    }

    @Test
    void noChangeOrABadOptionIsRefusedWithTheUsage() {
        assertThat(run("\n").err()).startsWith("no change to send (one JSON object per line)\nusage: control");
        Run bad = run(GOOD, "--timeout", "soon");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("--timeout needs whole seconds");
    }
}
