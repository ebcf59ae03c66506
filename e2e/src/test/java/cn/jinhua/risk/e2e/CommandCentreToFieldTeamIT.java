package cn.jinhua.risk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

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
            // A headless browser shows no notification and plays to no speaker: record what the page asks of both.
            command.js(SPY_ON_ALARMS);

            String replayed = SYSTEM.replay(scenario);
            assertThat(replayed).as("replay report").isNotBlank();

            String alertId = waitForLiveAlert(command);
            assertThat(command.js("return window.riskE2eSamePage === true;"))
                    .as("the alert must appear in the page that was already open (live, not by reloading)").isEqualTo(true);
            command.screenshot("02-alert-appeared-live");

            // The story's distress call is CRITICAL: it rings, notifies and says so to screen readers.
            command.present("#alarm[data-severity='CRITICAL']", ALERT_TIMEOUT);
            assertThat(command.js("return window.riskE2eOscillators || 0;")).as("alarm tones played").isNotEqualTo(0L);
            assertThat(command.js("return window.riskE2eNotifications.filter(n => n.startsWith('严重') || n.startsWith('Critical')).length;"))
                    .as("a notification for the CRITICAL alert").isNotEqualTo(0L);
            assertThat(command.find("#announcer").getAttribute("aria-live")).isEqualTo("polite");
            // Visually hidden for sighted users: read its text as a screen reader does, not as displayed.
            assertThat(command.js("return document.getElementById('announcer').textContent;").toString()).isNotBlank();
            command.screenshot("02b-critical-alarm");

            // The table filters on the server: the request carries the filter, every row matches it.
            command.click("#view-table");
            command.choose("#f-severity", "CRITICAL");
            command.present("#records-table[data-url*='severity=CRITICAL'] tbody tr[data-alert-id]", STEP_TIMEOUT);
            assertThat(command.findAll("#records-table tbody tr[data-alert-id]")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getAttribute("data-severity")).isEqualTo("CRITICAL"));
            assertThat(command.js("return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(n => n.includes('/api/alerts?') && n.includes('severity=CRITICAL')).length;"))
                    .as("a request to the API with the severity filter").isNotEqualTo(0L);
            command.click("#records-table th button[data-sort='eventTime']");
            command.present("#records-table[data-url*='sort=eventTime'] tbody tr[data-alert-id]", STEP_TIMEOUT);
            noError(command, "after filtering the table");
            command.screenshot("02c-table-filtered-on-the-server");
            command.click("#view-map");

            command.click("#alert-list li[data-alert-id='" + alertId + "']");
            String incidentId = command.attributeOf("#incident-detail[data-incident-id]:not([data-incident-id=''])",
                    "data-incident-id", STEP_TIMEOUT);
            assertThat(incidentId).as("the incident of the alert " + alertId).isEqualTo(FATHER_INCIDENT);
            command.visible("#incident-detail .recommended-teams input.team-choice", STEP_TIMEOUT);
            command.visible(".leaflet-overlay-pane path", STEP_TIMEOUT);
            noError(command, "after opening the incident");
            // Search rings as of now, never smaller than the last known position's uncertainty.
            command.present("#incident-detail #rings-age", STEP_TIMEOUT);
            command.present(".leaflet-overlay-pane path.search-ring", STEP_TIMEOUT);
            command.screenshot("03-incident-detail");

            // The operator acknowledges: who and when go on the timeline.
            command.click("#ack-button");
            command.present("#incident-detail[data-seen-by='command'] #timeline li[data-action='SEEN'][data-user='command']", STEP_TIMEOUT);
            noError(command, "after acknowledging");
            command.screenshot("03b-acknowledged");

            command.click("#play-track");
            command.present(".leaflet-overlay-pane path.playback-marker", STEP_TIMEOUT);

            String teamId = chooseTeam(command);
            try (Browser field = new Browser("field", 412, 915, screenshots)) {
                field.open(base + "/field.html");
                // The language switch: the other language, remembered when the page is opened again.
                field.present("#lang-switch[data-lang]", STEP_TIMEOUT);
                boolean wasChinese = "zh-CN".equals(field.js("return document.documentElement.lang;"));
                String other = wasChinese ? "en" : "zh-CN";
                String loginTitle = wasChinese ? "Team log in" : "队伍登录";
                field.click("#lang-switch");
                field.waitFor(d -> other.equals(field.js("return document.documentElement.lang;")) ? Boolean.TRUE : null,
                        STEP_TIMEOUT, "the page in " + other);
                field.open(base + "/field.html");
                field.waitFor(d -> loginTitle.equals(field.find("#login-title").getText()) ? Boolean.TRUE : null,
                        STEP_TIMEOUT, "the labels in " + other + " after opening the page again");
                assertThat(field.find("#login-button").getText()).isEqualTo(wasChinese ? "Log in" : "登录");
                field.screenshot("04a-field-page-language-switched");
                field.type("#username", teamId);
                field.type("#password", "demo");
                field.click("#login-button");
                field.present("#live.on", STEP_TIMEOUT);
                field.js(SPY_ON_ALARMS);

                command.click("#dispatch-button");
                command.present("#dispatch-table tr[data-team-id='" + teamId + "'][data-status='DISPATCHED']", STEP_TIMEOUT);
                noError(command, "after dispatching " + teamId);
                command.screenshot("04-team-dispatched");

                String card = "#dispatch-list li[data-incident-id='" + incidentId + "']";
                field.visible(card, STEP_TIMEOUT);
                // The open phone page was told of its new dispatch.
                field.present("body[data-last-dispatch='" + incidentId + "'][data-dispatch-notified='true']", STEP_TIMEOUT);
                field.present("#dispatch-map-box[data-incident-id='" + incidentId + "'] path.search-ring", STEP_TIMEOUT);
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

                // On duty, the phone shares where it is as it moves (the browser's location set by DevTools).
                field.cdp("Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("geolocation")));
                field.cdp("Emulation.setGeolocationOverride", Map.of("latitude", 29.2310, "longitude", 119.6660, "accuracy", 12));
                field.click("#duty");
                field.present("#duty[aria-pressed='true']", STEP_TIMEOUT);
                field.waitFor(d -> field.find("#position-status").getText().contains("29.23100") ? Boolean.TRUE : null,
                        STEP_TIMEOUT, "the first position shared on duty");
                // Reports are at least 15 s apart (battery): the next move is reported after that.
                Thread.sleep(16_000);
                field.cdp("Emulation.setGeolocationOverride", Map.of("latitude", 29.2330, "longitude", 119.6680, "accuracy", 12));
                field.waitFor(d -> field.find("#position-status").getText().contains("29.23300") ? Boolean.TRUE : null,
                        STEP_TIMEOUT, "the next position shared on duty without a tap");
                assertThat(Integer.parseInt(field.find("#position-status").getAttribute("data-sent-count")))
                        .as("positions sent: by hand, then two on duty").isGreaterThanOrEqualTo(3);
                noError(field, "after sharing on duty");
                field.screenshot("06c-field-team-on-duty");
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

            // A calm pool (plant 01's, never alarming in this story) shows its readings, and the map its fill.
            String calm = "#pool-charts .chart[data-tank-id='wy-e01-pool']";
            bureau.present(calm + ":not([data-readings='0']) .uplot canvas", ALERT_TIMEOUT);
            // The chart fills live as the replay goes on: wait for more than five readings, not for the first.
            // Read in one script each time: the chart is re-rendered as readings arrive.
            bureau.waitFor(d -> Integer.parseInt(bureau.attributeOf(calm, "data-readings", STEP_TIMEOUT)) > 5 ? Boolean.TRUE : null,
                    ALERT_TIMEOUT, "more than five readings on the calm pool's chart");
            assertThat(Integer.parseInt(bureau.attributeOf(calm, "data-readings", STEP_TIMEOUT))).as("readings of the calm pool").isGreaterThan(5);
            bureau.present("#park-map [data-feature-id='wy-e01-pool']", STEP_TIMEOUT);
            assertThat(bureau.find("#park-map [data-feature-id='wy-e01-pool']").getText()).contains("%");
            bureau.present("#level-board .lvl[data-level='ENTERPRISE']", STEP_TIMEOUT);
            bureau.screenshot("11b-bureau-park-map-and-calm-pool");

            bureau.click(plant03);
            String detail = "#bureau-detail[data-incident-id='" + PLANT_03_INCIDENT + "']";
            bureau.present(detail + " h2", STEP_TIMEOUT);
            // The forecast's plan sends plant 03's fire water to pools 02, 04 and 08 (seeds/README.md).
            bureau.present(detail + " #transfer-intakes tbody tr", STEP_TIMEOUT);
            assertThat(bureau.findAll(detail + " #transfer-intakes tbody tr")).as("receiving pools of the transfer plan").hasSize(3);
            noError(bureau, "after opening plant 03's incident");
            bureau.screenshot("12-bureau-recommended-actions");

            // A plant joins the park live: the open page draws its pool, with no reload.
            assertThat(SYSTEM.control(SYSTEM.root().resolve("seeds/changes/wuyi-new-plant.jsonl"))).contains("accepted");
            bureau.present("#park-map [data-feature-id='wy-e11-pool']", ALERT_TIMEOUT);
            assertThat(bureau.js("return window.riskE2eSamePage === true;")).as("the park redrawn on the open page")
                    .isEqualTo(true);
            noError(bureau, "after a plant joined the park live");
            bureau.screenshot("12b-bureau-plant-joined-live");
        }
    }

    /**
     * Issue 14 through the pages: the command centre changes a hiker rule's parameter on the rules
     * page and sees the running job's verdict with the new version; then draws a zone on the
     * dashboard map with Leaflet.draw and sees the job run it; closes a trail from its popup, sees
     * the job run the closure, and reopens the trail.
     */
    @Test
    void commandCentreChangesAParameterLiveAndDrawsAZone() throws Exception {
        try (Browser command = new Browser("rules", 1440, 900, screenshots)) {
            command.open(SYSTEM.baseUrl() + "/rules.html");
            command.type("#username", "command");
            command.type("#password", "demo");
            command.click("#login-button");
            String card = "article[data-rule='hiker.signal-lost']";
            String field = card + " input[name='signalLostMinutes']";
            command.present(field, STEP_TIMEOUT);
            assertThat(command.findAll("article[data-rule^='plating.'] input")).as("the command centre changes no plating rule").isEmpty();
            String versionBefore = command.find(card + " header").getText();
            command.type(field, "50");
            command.click(card + " button.apply");
            command.present(card + " .changes li[data-status='ACCEPTED']", STEP_TIMEOUT);
            assertThat(command.find(card + " tr[data-param='signalLostMinutes'] td.current").getText()).isEqualTo("50");
            assertThat(command.find(card + " header").getText()).as("a new rule version").isNotEqualTo(versionBefore);
            noError(command, "after the parameter change");
            command.screenshot("20-rules-parameter-accepted");

            command.open(SYSTEM.baseUrl() + "/index.html");
            command.type("#username", "command");
            command.type("#password", "demo");
            command.click("#login-button");
            command.present("#live.on", STEP_TIMEOUT);
            command.click(".leaflet-draw-draw-polygon");
            command.clickAt("#map", -60, -40);
            command.clickAt("#map", 60, -40);
            command.clickAt("#map", 60, 40);
            command.clickAt("#map", -60, 40);
            command.click(".leaflet-draw-actions li:first-child a");
            command.present("#zone-form", STEP_TIMEOUT);
            command.type("#zone-form input[name='name']", "Landslide closure e2e");
            command.click("#zone-form .save-zone");
            String decided = "path.risk-zone.zone-active, path.risk-zone.zone-refused";
            command.present(decided, STEP_TIMEOUT);
            command.screenshot("21-dashboard-zone-decided");
            assertRunning(command, "path.risk-zone", "the zone drawn");

            // A landslide closes a trail until tonight, from the trail's popup; then it is reopened.
            String trail = "path.world-id-tr-jianfeng-west";
            command.present(trail, STEP_TIMEOUT);
            command.js("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", command.find(trail));
            command.present("form.trail-closure[data-trail='tr-jianfeng-west'] button.close-trail", STEP_TIMEOUT);
            command.click("form.trail-closure button.close-trail");
            String closed = "path.risk-zone.zone-id-tr-jianfeng-west";
            command.present(closed + ".zone-active, " + closed + ".zone-refused", STEP_TIMEOUT);
            command.screenshot("22-dashboard-trail-closed");
            assertRunning(command, closed, "the trail's closure");
            command.js("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", command.find(closed));
            command.present(".zone-popup[data-zone='tr-jianfeng-west'] .delete-zone", STEP_TIMEOUT);
            // The popup may open beyond the map's view (the drawing above moved it): read and press it as a script would.
            WebElement reopen = command.find(".zone-popup[data-zone='tr-jianfeng-west'] .delete-zone");
            assertThat(command.js("return arguments[0].textContent;", reopen)).isIn("Reopen trail", "重新开放步道");
            command.js("arguments[0].click();", reopen);
            command.waitFor(d -> d.findElements(org.openqa.selenium.By.cssSelector(closed)).isEmpty(), STEP_TIMEOUT,
                    "the trail reopened: as the world files have it, no longer a zone changed live");
            noError(command, "after closing and reopening a trail");
        }
    }

    /** The zone (a path selector without its state) is running; if the job refused it, fails with the job's reason. */
    private static void assertRunning(Browser page, String zone, String what) {
        WebElement refused = page.findAll(zone + ".zone-refused").stream().findFirst().orElse(null);
        if (refused != null) {
            page.js("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", refused);
            page.present(".zone-popup .reason", Duration.ofSeconds(10));
            throw new AssertionError("the job refused " + what + ": " + page.find(".zone-popup .reason").getText());
        }
        assertThat(page.findAll(zone + ".zone-active")).as(what + " running").isNotEmpty();
    }

    /**
     * Records the page's notifications (titles) and alarm tones (oscillators started) in window
     * variables: a headless browser shows and plays neither.
     */
    private static final String SPY_ON_ALARMS = "window.riskE2eNotifications = [];"
            + "window.Notification = class { static permission = 'granted';"
            + " static requestPermission() { return Promise.resolve('granted'); }"
            + " constructor(title) { window.riskE2eNotifications.push(title); } close() {} };"
            + "const ctx = window.AudioContext || window.webkitAudioContext;"
            + "const start = ctx.prototype.createOscillator;"
            + "ctx.prototype.createOscillator = function () {"
            + " window.riskE2eOscillators = (window.riskE2eOscillators || 0) + 1; return start.call(this); };";

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
