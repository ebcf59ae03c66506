package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.replay.ReplayCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as {@code ./risk up} runs it (live clock, the real wall clock, Flink REST API up) beside
 * a replay: a seed story rebased to just before now is taken, live records stamped with the wall
 * clock are processed afterwards, a phone whose clock runs ahead blinds nobody, and replays the job
 * would drop are refused before anything is sent, with the reason and the time range.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveClockIT {
    static final String P = "it-live.";
    static final Path FATHER_SON = Path.of("..", "seeds", "scenarios", "beishan-father-son-trapped.jsonl");
    /** On Beishan, away from the seed stories' devices. */
    static final double LAT = 29.2216;
    static final double LON = 119.6339;

    static JobClient job;
    static String flinkUrl;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void startTheLiveJob() throws Exception {
        TestKafka.createTopics(2, P + "risk.locations", P + "risk.calls", P + "risk.sensors", P + "risk.alerts", P + "risk.dlq",
                P + "risk.positions", P + "risk.readings");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--local", "--web-ui-port", String.valueOf(port),
                "--bootstrap", TestKafka.bootstrap(), "--parallelism", "2", "--checkpoint-interval", "1",
                "--checkpoint-dir", checkpoints.toString(), "--group-id", P + "job", "--idleness", "2",
                "--topic-locations", P + "risk.locations", "--topic-calls", P + "risk.calls",
                "--topic-sensors", P + "risk.sensors", "--topic-alerts", P + "risk.alerts", "--topic-dlq", P + "risk.dlq",
                "--topic-positions", P + "risk.positions", "--topic-readings", P + "risk.readings"},
                Map.of());
        assertThat(o.recordClock().live()).as("live is the default clock").isTrue();
        StreamExecutionEnvironment env = RiskJob.environment(o);
        RiskJob.build(env, o);
        job = env.executeAsync(RiskJob.name(o));
        flinkUrl = "http://localhost:" + port;
        await("the job running", () -> get("/jobs/overview").toString().contains("\"state\":\"RUNNING\""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
    }

    @Test
    @Order(1)
    void aStoryRebasedToJustBeforeNowIsTakenAtSixtyTimes() throws Exception {
        Path story = prefixed(FATHER_SON);
        Replay r = replay(story.toString(), "--rebase", "recent", "--speed", "max");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("records moved back by");
        JsonNode call = awaitAlert(a -> a.get("ruleId").asText().equals("hiker.distress-call")
                && a.get("subjectId").asText().equals("d-bs-father"));
        long eventTime = IsoTimes.parseMillis(call.get("eventTime").asText());
        // Whole days back until the story's last record is before now: its last record lies within
        // the day before now, and the call earlier by at most the story's span (under a day).
        assertThat(eventTime).isBetween(System.currentTimeMillis() - Duration.ofDays(2).toMillis(), System.currentTimeMillis());
    }

    @Test
    @Order(2)
    void afterTheReplayLiveRecordsStampedWithTheWallClockAreProcessed() throws Exception {
        send("risk.calls", "c-live-1", "{\"callId\":\"c-live-1\",\"ts\":\"" + IsoTimes.format(System.currentTimeMillis())
                + "\",\"lat\":" + LAT + ",\"lon\":" + LON + ",\"category\":\"LOST\",\"deviceId\":\"d-live-1\"}");
        awaitAlert(a -> a.get("subjectId").asText().equals("d-live-1") && a.get("ruleId").asText().equals("hiker.distress-call"));
        assertThat(deadLetters()).noneMatch(d -> d.path("raw").asText().contains("c-live-1"));
    }

    @Test
    @Order(3)
    void aPhoneWhoseClockRunsAheadBlindsNobody() throws Exception {
        long now = System.currentTimeMillis();
        send("risk.locations", "d-ahead", "{\"deviceId\":\"d-ahead\",\"ts\":\"" + IsoTimes.format(now + Duration.ofMinutes(8).toMillis())
                + "\",\"lat\":" + LAT + ",\"lon\":" + LON + "}");
        send("risk.locations", "d-far-ahead", "{\"deviceId\":\"d-far-ahead\",\"ts\":\"" + IsoTimes.format(now + Duration.ofMinutes(11).toMillis())
                + "\",\"lat\":" + LAT + ",\"lon\":" + LON + "}");
        // Give the clock-ahead record time to move event time, if it could.
        Thread.sleep(3_000);
        send("risk.calls", "c-live-2", "{\"callId\":\"c-live-2\",\"ts\":\"" + IsoTimes.format(System.currentTimeMillis() - 1_000)
                + "\",\"lat\":" + LAT + ",\"lon\":" + LON + ",\"text\":\"我们迷路了\",\"deviceId\":\"d-live-2\"}");
        awaitAlert(a -> a.get("subjectId").asText().equals("d-live-2"));
        JsonNode future = await("the far-ahead fix in the dead letters", () -> deadLetters().stream()
                .filter(d -> d.path("raw").asText().contains("d-far-ahead")).findFirst().orElse(null));
        assertThat(future.get("reason").asText()).isEqualTo("future");
        assertThat(future.get("detail").asText()).contains("ahead of the job's clock").contains("allowed: 10 min");
        assertThat(deadLetters()).noneMatch(d -> d.path("raw").asText().contains("c-live-2") || d.path("raw").asText().contains("\"d-ahead\""));
    }

    @Test
    @Order(4)
    void aReplayTheJobWouldDropIsRefusedWithItsTimeRange() throws Exception {
        // The seed is dated after today: the live job would refuse every record as future.
        Replay future = replay(prefixed(FATHER_SON).toString(), "--speed", "max");
        assertThat(future.exit).isEqualTo(2);
        assertThat(future.err).contains("replay: refused: the running job (risk-jobs (live clock, max future skew 10 min))")
                .contains("285 record(s) of " + prefixed(FATHER_SON) + " from 2026-12-19T11:05:00+08:00 to 2026-12-20T01:52:41+08:00"
                        + " would be refused as future")
                .contains("--rebase recent");
        // Rebased to just before now again, it is behind what the job has already seen: late.
        Replay late = replay(prefixed(FATHER_SON).toString(), "--rebase", "recent");
        assertThat(late.exit).as(late.err).isEqualTo(2);
        assertThat(late.err).containsPattern("\\d+ record\\(s\\) of .*beishan-father-son-trapped.jsonl on " + P.replace(".", "\\.")
                        + "risk.locations from .* to .* would be dropped as late \\(the job's event time there is up to .*\\)")
                .doesNotContain("as future");
    }

    @Test
    @Order(5)
    void anAcceleratedReplayStartingNowIsRefusedAsFuture() throws Exception {
        Replay r = replay(prefixed(FATHER_SON).toString(), "--rebase", "now", "--speed", "60");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("would be refused as future: they would be sent more than 10 min ahead of the job's clock")
                .doesNotContain("as late");
    }

    record Replay(int exit, String err) {
    }

    static Replay replay(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap";
        all[args.length + 1] = TestKafka.bootstrap();
        int exit = ReplayCommand.run(all, null, flinkUrl, System::currentTimeMillis, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Replay(exit, err.toString(StandardCharsets.UTF_8));
    }

    /** The seed file with its topics renamed into this test's. */
    static Path prefixed(Path seed) throws Exception {
        Path out = checkpoints.resolve(seed.getFileName());
        if (!Files.exists(out)) {
            Files.writeString(out, Files.readString(seed).replace("\"topic\":\"risk.", "\"topic\":\"" + P + "risk."));
        }
        return out;
    }

    static void send(String topic, String key, String json) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(P + topic, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    static List<JsonNode> deadLetters() {
        return TestKafka.readAll(P + "risk.dlq").stream().map(r -> tree(r.value())).toList();
    }

    static JsonNode awaitAlert(Predicate<JsonNode> which) throws Exception {
        return await("an alert", () -> TestKafka.readAll(P + "risk.alerts").stream().map(r -> tree(r.value()))
                .filter(which).findFirst().orElse(null));
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(flinkUrl + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return Json.MAPPER.readTree(r.body());
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            T v;
            try {
                v = probe.get();
            } catch (java.io.IOException e) {
                v = null;
            }
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
