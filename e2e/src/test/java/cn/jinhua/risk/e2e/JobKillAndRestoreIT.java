package cn.jinhua.risk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.api.support.Figures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's process is killed with SIGKILL in the middle of a story and started again the way an
 * operator does ({@code ./risk up}, which restores it from its newest retained checkpoint). The
 * father and son of the Beishan seed, moved to just before now: the first part of the story runs
 * up to 18:40, after the father's phone went silent at 18:24; the kill comes then; the rest of the
 * story follows the restart. Every alert of the story must be in the API once and on
 * {@code risk.alerts} (read_committed) once, including the father's signal-lost, whose 45 minutes
 * ran across the kill.
 */
class JobKillAndRestoreIT {
    @RegisterExtension
    static final RiskSystem SYSTEM = RiskSystem.fromSystemProperties();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path STORY = Path.of("seeds", "scenarios", "beishan-father-son-trapped.jsonl");
    static final OffsetDateTime CUT = OffsetDateTime.parse("2026-12-19T18:40:00+08:00");
    static final long DAY = 86_400_000L;
    /** The story's alerts: two off-trail-stationary, two after-dark, the distress call, the signal-lost. */
    static final int EXPECTED = 6;

    @Test
    void aKilledJobComesBackWithWhatItWatchedAndRaisesEveryAlertOnce() throws Exception {
        Path work = Files.createDirectories(SYSTEM.root().resolve("e2e/target/kill-restore"));
        List<String> lines = Files.readAllLines(SYSTEM.root().resolve(STORY));
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                (time(line) != null && time(line).isAfter(CUT) ? after : before).add(line);
            }
        }
        // The same whole-day shift for both parts (what --rebase recent gives the whole file).
        OffsetDateTime last = lines.stream().map(JobKillAndRestoreIT::time).filter(t -> t != null).max(OffsetDateTime::compareTo).orElseThrow();
        long days = Math.floorDiv(System.currentTimeMillis() - last.toInstant().toEpochMilli(), DAY);
        Path first = work.resolve("father-son-until-1840.jsonl");
        Path rest = work.resolve("father-son-after-1840.jsonl");
        Files.write(first, before);
        Files.write(rest, after);

        SYSTEM.replay(first, "--rebase", shifted(before, days));
        int checkpoint = checkpointId();
        await("two checkpoints after the first part", () -> checkpointId() >= checkpoint + 2);
        // ./risk status and the job's Prometheus endpoint count what the first part brought.
        long locations = before.stream().filter(l -> l.contains("\"topic\":\"risk.locations\"")).count();
        assertThat(SYSTEM.status()).contains("records in    ").contains("risk.locations " + locations);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SYSTEM.jobMetricsUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("flink_taskmanager_job_task_operator_topic_recordsIn{topic=\"risk_locations\"",
                "flink_jobmanager_job_lastCheckpointDuration");
        long killed = System.nanoTime();
        SYSTEM.kill("job");
        assertThat(SYSTEM.status()).contains("job            stopped");

        String up = SYSTEM.upAgain();
        long running = System.nanoTime();
        assertThat(up).containsPattern("job: restoring from .*/flink/checkpoints/[0-9a-f]+/chk-\\d+");
        SYSTEM.replay(rest, "--rebase", shifted(after, days));
        long replayed = System.nanoTime();

        List<JsonNode> api = await("the signal-lost in the API", () -> {
            List<JsonNode> items = apiAlerts();
            return items.stream().anyMatch(a -> a.get("ruleId").asText().equals("hiker.signal-lost")) ? items : null;
        });
        long signalLostSeen = System.nanoTime();
        // Anything still on its way would show up as a duplicate now.
        Thread.sleep(15_000);
        api = apiAlerts();
        List<JsonNode> kafka = committedAlerts();
        List<String> apiKeys = api.stream().map(a -> a.get("ruleId").asText() + "/" + a.get("subjectId").asText()).toList();
        List<String> kafkaKeys = kafka.stream().map(a -> a.get("ruleId").asText() + "/" + a.get("subjectId").asText()).toList();
        Figures.report("Drills", "the job's process killed (SIGKILL) mid-story and restored by ./risk up",
                "./risk build && mvn -B verify -pl e2e -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=JobKillAndRestoreIT",
                Figures.of("alerts", EXPECTED,
                        "lost", "API " + Math.max(0, EXPECTED - apiKeys.stream().distinct().count())
                                + ", risk.alerts " + Math.max(0, EXPECTED - kafkaKeys.stream().distinct().count()),
                        "duplicated", "API " + (apiKeys.size() - apiKeys.stream().distinct().count())
                                + ", risk.alerts " + (kafkaKeys.size() - kafkaKeys.stream().distinct().count()),
                        "recovered", String.format(java.util.Locale.ROOT, "%.1f s from the kill to the job running again, restored"
                                + " from its checkpoint", (running - killed) / 1e9),
                        "delay", String.format(java.util.Locale.ROOT, "%.1f s from the replay of the story's rest to the"
                                + " signal-lost (45 min of event time across the kill) in the API", (signalLostSeen - replayed) / 1e9)));
        for (List<JsonNode> alerts : List.of(api, kafka)) {
            assertThat(alerts).extracting(a -> a.get("ruleId").asText(), a -> a.get("subjectId").asText())
                    .containsExactlyInAnyOrder(
                            tuple("hiker.off-trail-stationary", "d-bs-father"), tuple("hiker.off-trail-stationary", "d-bs-son"),
                            tuple("hiker.after-dark", "d-bs-father"), tuple("hiker.after-dark", "d-bs-son"),
                            tuple("hiker.distress-call", "d-bs-father"), tuple("hiker.signal-lost", "d-bs-father"));
        }
        JsonNode signalLost = kafka.stream().filter(a -> a.get("ruleId").asText().equals("hiker.signal-lost")).findFirst().orElseThrow();
        assertThat(signalLost.get("eventTime").asText()).endsWith("T19:09:00+08:00");
        assertThat(api).extracting(a -> a.get("id").asText())
                .containsExactlyInAnyOrderElementsOf(kafka.stream().map(a -> a.get("id").asText()).toList());
    }

    static OffsetDateTime time(String line) {
        Matcher m = Pattern.compile("\"ts\":\"([^\"]+)\"").matcher(line);
        try {
            return m.find() ? OffsetDateTime.parse(m.group(1)) : null;
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The --rebase time that moves a part's first record by {@code days}. */
    static String shifted(List<String> part, long days) {
        OffsetDateTime first = part.stream().map(JobKillAndRestoreIT::time).filter(t -> t != null).min(OffsetDateTime::compareTo).orElseThrow();
        return first.plusDays(days).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    int checkpointId() throws Exception {
        Matcher m = Pattern.compile("last checkpoint #(\\d+)").matcher(SYSTEM.status());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    List<JsonNode> apiAlerts() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectNode login = JSON.createObjectNode().put("username", "command").put("password", "demo");
        JsonNode token = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(SYSTEM.baseUrl() + "/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(SYSTEM.baseUrl() + "/api/alerts?scenario=LOST_PERSON&size=100"))
                .header("Authorization", "Bearer " + token.get("access_token").asText()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).get("items").forEach(out::add);
        return out;
    }

    List<JsonNode> committedAlerts() throws Exception {
        return CommittedRecords.read(SYSTEM.kafkaBootstrap(), "risk.alerts");
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("timed out waiting for " + what + "; job log:\n" + SYSTEM.logTail("job", 40));
    }
}
