package cn.jinhua.risk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both stories end to end through the real pages. Beishan: the command centre is logged in and
 * watching when a seed scenario is replayed into Kafka; the job's alert reaches the dashboard live
 * (server-sent events, no reload); the commander opens the incident and dispatches a recommended
 * team; that team logs in on the phone page and acknowledges; the dashboard shows the
 * acknowledgement, again without a reload. Wuyi: the bureau is watching when the plant-fire
 * scenario is replayed; the wastewater incidents, the pool chart and the recommended actions
 * appear live. Screenshots of every step are kept in {@code e2e/target/screenshots/}.
 */
@ExtendWith(BrowserInstalled.class)
class CommandCentreToFieldTeamIT {
    private static final Duration ALERT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(45);
    private static final String BEISHAN = "beishan-father-son-trapped.jsonl";
    /** The story's first alert (seeds/README.md): the father stationary below the summit cliffs at 16:12:10. */
    private static final String FIRST_ALERT = "#alert-list li[data-rule-id='hiker.off-trail-stationary'][data-subject-id='d-bs-father']";
    /** The father's incident (key LOST_PERSON:device:d-bs-father, generation 1). */
    private static final String FATHER_INCIDENT = "inc-55b5f3ec2257a70a0502-1";
    private static final String WUYI = "wuyi-plant-fire.jsonl";
    /** Plant 03's incident (key WASTEWATER:plant:wy-e03, generation 1): the overflow forecast opens it. */
    private static final String PLANT_03_INCIDENT = "inc-3b08cb63248a1d13a122-1";

    @RegisterExtension
    static final RiskSystem SYSTEM = RiskSystem.fromSystemProperties();

    private static final Path SCREENSHOTS = Path.of(RiskSystem.required("risk.e2e.screenshots"));

    private final Path screenshots = SCREENSHOTS;

    /** Screenshots of an earlier run must not pass for this run's. */
    @BeforeAll
    static void clearScreenshots() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        try (Stream<Path> old = Files.list(SCREENSHOTS)) {
            for (Path p : old.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void commandCentreSeesTheAlertLiveDispatchesATeamAndSeesItAcknowledged() throws Exception {
        Path scenario = scenario(BEISHAN);
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

            String alertId = waitForLiveAlert(command);
            assertThat(command.js("return window.riskE2eSamePage === true;"))
                    .as("the alert must appear in the page that was already open (live, not by reloading)").isEqualTo(true);
            command.screenshot("02-alert-appeared-live");

            command.click("#alert-list li[data-alert-id='" + alertId + "']");
            String incidentId = command.attributeOf("#incident-detail[data-incident-id]:not([data-incident-id=''])",
                    "data-incident-id", STEP_TIMEOUT);
            assertThat(incidentId).as("the incident of the alert " + alertId).isEqualTo(FATHER_INCIDENT);
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

                // The position by hand (a headless browser has no location): near the last known fix.
                field.click("#manual-position summary");
                field.type("#manual-lat", "29.2300");
                field.type("#manual-lon", "119.6650");
                field.click("#manual-send");
                field.waitFor(d -> field.find("#position-status").getText().contains("29.23000") ? Boolean.TRUE : null,
                        STEP_TIMEOUT, "showing the position as sent");
                noError(field, "after sharing the position");
                field.screenshot("06b-field-team-shared-position");
            }

            command.present("#dispatch-table tr[data-team-id='" + teamId + "'][data-status='ACKNOWLEDGED']", STEP_TIMEOUT);
            command.present("#incident-detail[data-status='ACKNOWLEDGED']", STEP_TIMEOUT);
            assertThat(command.js("return window.riskE2eSamePage === true;"))
                    .as("the acknowledgement must reach the open dashboard live").isEqualTo(true);
            noError(command, "after the acknowledgement");
            command.screenshot("07-dashboard-shows-acknowledged");
        }
    }

    @Test
    void bureauPageShowsWastewaterIncidentsLiveWithPoolChartsAndTransferPlan() throws Exception {
        Path scenario = scenario(WUYI);
        try (Browser bureau = new Browser("bureau", 1440, 900, screenshots)) {
            bureau.open(SYSTEM.baseUrl() + "/bureau.html");
            bureau.type("#username", "bureau");
            bureau.type("#password", "demo");
            bureau.click("#login-button");
            bureau.present("#live.on", STEP_TIMEOUT);
            noError(bureau, "after the bureau logged in");
            bureau.js("window.riskE2eSamePage = true;");

            SYSTEM.replay(scenario);

            String plant03 = "#incidents-by-tier li[data-incident-id='" + PLANT_03_INCIDENT + "']";
            bureau.present(plant03, ALERT_TIMEOUT);
            // The overflow forecast carries the transfer plan; plant 03's pool gets a chart with a trend.
            bureau.present("#pool-charts .chart[data-tank-id='wy-e03-pool'] .uplot canvas", ALERT_TIMEOUT);
            assertThat(bureau.js("return window.riskE2eSamePage === true;"))
                    .as("wastewater incidents must reach the open bureau page live").isEqualTo(true);
            bureau.screenshot("11-bureau-incidents-live");

            bureau.click(plant03);
            String detail = "#bureau-detail[data-incident-id='" + PLANT_03_INCIDENT + "']";
            bureau.present(detail + " h2", STEP_TIMEOUT);
            // The forecast's plan sends plant 03's fire water to pools 02, 04 and 08 (seeds/README.md).
            bureau.present(detail + " #transfer-intakes tbody tr", STEP_TIMEOUT);
            assertThat(bureau.findAll(detail + " #transfer-intakes tbody tr")).as("receiving pools of the transfer plan").hasSize(3);
            noError(bureau, "after opening plant 03's incident");
            bureau.screenshot("12-bureau-recommended-actions");
        }
    }

    /** Waits for the story's first alert in the list; on failure says what the job and API logged. */
    private static String waitForLiveAlert(Browser command) throws IOException {
        try {
            return command.attributeOf(FIRST_ALERT, "data-alert-id", ALERT_TIMEOUT);
        } catch (AssertionError e) {
            command.screenshot("02-failed-no-alert");
            throw new AssertionError(e.getMessage() + "\n--- job log ---\n" + SYSTEM.logTail("job", 40)
                    + "\n--- api log ---\n" + SYSTEM.logTail("api", 40), e);
        }
    }

    /** Ticks a recommended police team when there is one (the "3" of 1+3+N), else the first recommended team. */
    private static String chooseTeam(Browser command) {
        String choice = "#incident-detail .recommended-teams input.team-choice:not([disabled])";
        String police = "#incident-detail .recommended-teams tr[data-role='POLICE'] input.team-choice:not([disabled])";
        Object teamId = command.js("const p = document.querySelector(arguments[0]) || document.querySelector(arguments[1]);"
                + "return p ? p.value : null;", police, choice);
        assertThat(teamId).as("a recommended team that can still be dispatched").isNotNull();
        command.click(choice + "[value='" + teamId + "']");
        command.present("#dispatch-button:not([disabled])", STEP_TIMEOUT);
        return teamId.toString();
    }

    private static void noError(Browser b, String when) {
        assertThat(b.errorShown()).as("error message shown " + when + " (" + b.pageState() + ")").isNull();
    }

    /** A seed scenario of seeds/scenarios by file name; the test fails when it is missing. */
    private static Path scenario(String name) {
        Path story = SYSTEM.root().resolve("seeds/scenarios").resolve(name);
        assertThat(story).as("the seed scenario the test replays").isRegularFile();
        return story;
    }
}
