package cn.jinhua.risk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * The Beishan story end to end through the real pages: the command centre is logged in and
 * watching when a seed scenario is replayed into Kafka; the job's alert reaches the dashboard live
 * (server-sent events, no reload); the commander opens the incident and dispatches a recommended
 * team; that team logs in on the phone page and acknowledges; the dashboard shows the
 * acknowledgement, again without a reload. Screenshots of every step are kept in
 * {@code e2e/target/screenshots/}.
 */
class CommandCentreToFieldTeamIT {
    private static final Duration ALERT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(45);

    @RegisterExtension
    static final RiskSystem SYSTEM = RiskSystem.fromSystemProperties();

    private final Path screenshots = Path.of(RiskSystem.required("risk.e2e.screenshots"));

    @Test
    void commandCentreSeesTheAlertLiveDispatchesATeamAndSeesItAcknowledged() throws Exception {
        Path scenario = beishanScenario();
        String base = SYSTEM.baseUrl();
        try (Browser command = new Browser("command", 1440, 900, screenshots)) {
            command.open(base + "/");
            command.type("#username", "command");
            command.type("#password", "demo");
            command.click("#login-button");
            command.present("#live.on", STEP_TIMEOUT);
            command.visible(".leaflet-overlay-pane path", STEP_TIMEOUT);
            noError(command, "after logging in");
            command.screenshot("01-dashboard-logged-in");
            // Set in this page instance: still there later means the alert arrived without a reload.
            command.js("window.riskE2eSamePage = true;");

            String replayed = SYSTEM.replay(scenario);
            assertThat(replayed).as("replay report").isNotBlank();

            WebElement alert = waitForLiveAlert(command);
            assertThat(command.js("return window.riskE2eSamePage === true;"))
                    .as("the alert must appear in the page that was already open (live, not by reloading)").isEqualTo(true);
            command.screenshot("02-alert-appeared-live");

            alert.click();
            WebElement detail = command.present("#incident-detail[data-incident-id^='inc']", STEP_TIMEOUT);
            String incidentId = detail.getAttribute("data-incident-id");
            command.visible("#incident-detail .recommended-teams input.team-choice", STEP_TIMEOUT);
            command.visible(".leaflet-overlay-pane path", STEP_TIMEOUT);
            noError(command, "after opening the incident");
            command.screenshot("03-incident-detail");

            String teamId = chooseTeam(command);
            command.click("#dispatch-button");
            command.present("#dispatch-table tr[data-team-id='" + teamId + "'][data-status='DISPATCHED']", STEP_TIMEOUT);
            noError(command, "after dispatching " + teamId);
            command.screenshot("04-team-dispatched");

            try (Browser field = new Browser("field", 412, 915, screenshots)) {
                field.open(base + "/field.html");
                field.type("#username", teamId);
                field.type("#password", "demo");
                field.click("#login-button");
                String card = "#dispatch-list li[data-incident-id='" + incidentId + "']";
                field.visible(card, STEP_TIMEOUT);
                noError(field, "after the team logged in");
                field.screenshot("05-field-team-sees-dispatch");

                field.click(card + " button[data-action='ACKNOWLEDGED']");
                field.present(card + "[data-status='ACKNOWLEDGED']", STEP_TIMEOUT);
                noError(field, "after acknowledging");
                field.screenshot("06-field-team-acknowledged");
            }

            command.present("#dispatch-table tr[data-team-id='" + teamId + "'][data-status='ACKNOWLEDGED']", STEP_TIMEOUT);
            command.present("#incident-detail[data-status='ACKNOWLEDGED']", STEP_TIMEOUT);
            assertThat(command.js("return window.riskE2eSamePage === true;"))
                    .as("the acknowledgement must reach the open dashboard live").isEqualTo(true);
            noError(command, "after the acknowledgement");
            command.screenshot("07-dashboard-shows-acknowledged");
        }
    }

    /** Waits for the first lost-person alert in the list; on failure says what the job and API logged. */
    private static WebElement waitForLiveAlert(Browser command) throws IOException {
        try {
            return command.present("#alert-list li[data-scenario='LOST_PERSON'][data-alert-id]", ALERT_TIMEOUT);
        } catch (AssertionError e) {
            command.screenshot("02-failed-no-alert");
            throw new AssertionError(e.getMessage() + "\n--- job log ---\n" + SYSTEM.logTail("job", 40)
                    + "\n--- api log ---\n" + SYSTEM.logTail("api", 40), e);
        }
    }

    /** Ticks a recommended police team when there is one (the "3" of 1+3+N), else the first recommended team. */
    private static String chooseTeam(Browser command) {
        List<WebElement> police = command.findAll(
                "#incident-detail .recommended-teams tr[data-role='POLICE'] input.team-choice:not([disabled])");
        List<WebElement> any = command.findAll("#incident-detail .recommended-teams input.team-choice:not([disabled])");
        assertThat(any).as("recommended teams that can still be dispatched").isNotEmpty();
        WebElement box = police.isEmpty() ? any.get(0) : police.get(0);
        box.click();
        assertThat(command.find("#dispatch-button").isEnabled()).as("dispatch button after choosing a team").isTrue();
        return box.getAttribute("value");
    }

    private static void noError(Browser b, String when) {
        assertThat(b.errorShown()).as("error message shown " + when + " (" + b.pageState() + ")").isNull();
    }

    /**
     * The Beishan seed story of the father and son trapped on the mountain (its emergency call makes
     * an alert as soon as it is read); any other {@code beishan*.jsonl} when it is missing;
     * {@code risk.e2e.scenario} overrides both.
     */
    private static Path beishanScenario() throws IOException {
        String override = System.getProperty("risk.e2e.scenario");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        Path dir = SYSTEM.root().resolve("seeds/scenarios");
        Path story = dir.resolve("beishan-father-son-trapped.jsonl");
        if (Files.isRegularFile(story)) {
            return story;
        }
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().startsWith("beishan") && p.toString().endsWith(".jsonl"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Beishan scenario (seeds/scenarios/beishan*.jsonl) to replay in " + dir));
        }
    }
}
