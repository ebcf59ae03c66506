package cn.jinhua.risk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Figures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault drills on one running system ({@code ./risk up --demo}, started once for all of them): a
 * part is stopped with {@code ./risk stop PART} while emergency calls keep coming, and started again
 * with {@code ./risk start PART}. Each call on the mountain is a {@code hiker.distress-call} of its
 * own (a call without a device is keyed by its call id), raised as the call arrives, so every call
 * sent must come out as exactly one alert in the API and exactly one on {@code risk.alerts} read
 * with read_committed, whatever was down meanwhile.
 *
 * <p>Each drill prints its figures (alerts sent, lost, duplicated, time to recover, how long alerts
 * were delayed) as a {@link Figures} line for RELIABILITY.md ({@code ./risk drill}). Times are
 * reported, never asserted: they depend on the machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultDrillsIT {
    @RegisterExtension
    static final RiskSystem SYSTEM = RiskSystem.fromSystemProperties();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String COMMAND = "./risk build && mvn -B verify -pl e2e -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dit.test=FaultDrillsIT";
    static final Duration OUTAGE = Duration.ofSeconds(60);
    /** Calls before the fault, to see the flow running, and after the part is back. */
    static final Duration LEAD = Duration.ofSeconds(10);
    static final long CALL_EVERY_MS = 1_000;

    @Test
    @Order(1)
    void theJobsWebUiListensOnLoopbackTakesNoJarAndShowsNoCancel() throws Exception {
        Map<String, String> conf = new HashMap<>();
        JSON.readTree(get(SYSTEM.flinkUrl() + "/jobmanager/config").body())
                .forEach(e -> conf.put(e.get("key").asText(), e.get("value").asText()));
        assertThat(conf).containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("web.submit.enable", "false").containsEntry("web.cancel.enable", "false");
        // What the web UI offers: neither the jar page nor the cancel button.
        JsonNode features = JSON.readTree(get(SYSTEM.flinkUrl() + "/config").body()).get("features");
        assertThat(features.get("web-submit").asBoolean()).isFalse();
        assertThat(features.get("web-cancel").asBoolean()).isFalse();
        // A well-formed upload of a jar (the job's own), which a cluster that takes jars answers with 200.
        HttpResponse<String> upload = FlinkCluster.upload(SYSTEM.flinkUrl(), SYSTEM.root().resolve("flink-jobs/target/risk-jobs.jar"));
        assertThat(upload.statusCode()).as("a jar upload would run its code in the job's JVM: %s", upload.body())
                .isGreaterThanOrEqualTo(400);
        assertThat(get(SYSTEM.flinkUrl() + "/jobs/overview").body()).contains("\"state\":\"RUNNING\"");
        Figures.report("Security", "Flink web UI: REST on 127.0.0.1, jar upload refused, no jar page nor cancel button", COMMAND,
                Figures.of("tried", 1, "denied", "1 (upload answered " + upload.statusCode() + ")"));
    }

    @Test
    @Order(2)
    void theApiDownForAMinuteLosesAndDuplicatesNoAlert() throws Exception {
        drill("api", "the alert API stopped for 60 s while calls come in", OUTAGE, () -> { });
    }

    @Test
    @Order(3)
    void elasticsearchDownForAMinuteLosesNoAlertAndTheApiSaysWhy() throws Exception {
        List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
        drill("elasticsearch", "Elasticsearch stopped for 60 s during ingest", OUTAGE, () -> answers.add(send(alertsRequest("&size=1"))));
        List<HttpResponse<String>> unavailable = answers.stream().filter(r -> r.statusCode() == 503).toList();
        assertThat(unavailable).as("the API answers 503 while Elasticsearch is down").isNotEmpty()
                .allSatisfy(r -> assertThat(JSON.readTree(r.body()).path("error").asText()).isNotBlank());
        assertThat(answers).as("and nothing else than 200 or 503 with a reason")
                .allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 503));
        Figures.report("Drills", "Elasticsearch down: reads answered meanwhile", COMMAND,
                Figures.of("tried", answers.size(), "denied", unavailable.size() + " with 503 and a reason, "
                        + (answers.size() - unavailable.size()) + " served"));
    }

    @Test
    @Order(4)
    void theKafkaBrokerRestartingMidStreamLosesAndDuplicatesNoAlert() throws Exception {
        drill("kafka", "the Kafka broker restarted mid-stream (stopped, started again at once)", Duration.ZERO, () -> { });
    }

    @Test
    @Order(5)
    void aTaskManagerOfARealFlinkClusterKilledMidStreamLosesAndDuplicatesNoAlert() throws Exception {
        String p = "cluster.";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SYSTEM.kafkaBootstrap()))) {
            admin.createTopics(Stream.of("locations", "calls", "sensors", "alerts", "dlq", "positions", "readings")
                    .map(t -> new NewTopic(p + "risk." + t, 2, (short) 1)).toList()).all().get(1, TimeUnit.MINUTES);
        }
        Path dir = SYSTEM.work().resolve("flink-cluster");
        try (FlinkCluster cluster = new FlinkCluster(SYSTEM.root(), dir, Map.ofEntries(
                Map.entry("taskmanager.numberOfTaskSlots", "2"), Map.entry("parallelism.default", "2"),
                // A dead TaskManager is noticed after 8 s, not Flink's default 50.
                Map.entry("heartbeat.interval", "2000"), Map.entry("heartbeat.timeout", "8000"),
                Map.entry("state.backend.type", "hashmap"),
                Map.entry("execution.checkpointing.interval", "5s"), Map.entry("execution.checkpointing.mode", "EXACTLY_ONCE"),
                Map.entry("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString()),
                Map.entry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"),
                Map.entry("restart-strategy.type", "fixed-delay"), Map.entry("restart-strategy.fixed-delay.attempts", "50"),
                Map.entry("restart-strategy.fixed-delay.delay", "2s")))) {
            cluster.start(2);
            String jobId = cluster.submit(SYSTEM.root().resolve("flink-jobs/target/risk-jobs.jar"), "cn.jinhua.risk.jobs.RiskJob",
                    List.of("--bootstrap", SYSTEM.kafkaBootstrap(), "--api-url", SYSTEM.baseUrl(),
                            "--ingest-token", SYSTEM.secret("ingest-token"), "--group-id", "cluster-drill",
                            "--topic-locations", p + "risk.locations", "--topic-calls", p + "risk.calls",
                            "--topic-sensors", p + "risk.sensors", "--topic-alerts", p + "risk.alerts", "--topic-dlq", p + "risk.dlq",
                            "--topic-positions", p + "risk.positions", "--topic-readings", p + "risk.readings"));
            cluster.await(Duration.ofMinutes(3), "the job running on the cluster", () -> cluster.allTasksRunning(jobId));
            drill("cluster", "one TaskManager of a real Flink cluster (a JobManager and two TaskManagers, separate JVMs,"
                            + " the jar submitted over REST) killed with SIGKILL", p + "risk.calls", p + "risk.alerts", () -> {
                List<Integer> busy = cluster.busyTaskManagers();
                assertThat(busy).as("TaskManagers running the job").isNotEmpty();
                Instant down = Instant.now();
                cluster.killTaskManager(busy.get(0));
                cluster.await(Duration.ofMinutes(1), "the job to notice the lost TaskManager", () -> !cluster.allTasksRunning(jobId));
                cluster.await(Duration.ofMinutes(3), "the job running again on the TaskManager left", () -> cluster.allTasksRunning(jobId));
                return new Instant[] {down, Instant.now()};
            });
        }
    }

    interface Probe {
        void run() throws Exception;
    }

    interface Fault {
        /** Does the fault and undoes it; returns when it began and when the system was whole again. */
        Instant[] apply() throws Exception;
    }

    /**
     * Stops {@code part}, probes every second while it is down, and starts it again after
     * {@code outage} ({@link #drill(String, String, String, String, Fault)}).
     */
    void drill(String part, String what, Duration outage, Probe whileDown) throws Exception {
        drill(part, what, "risk.calls", "risk.alerts", () -> {
            Instant down = Instant.now();
            SYSTEM.stopPart(part);
            while (Duration.between(down, Instant.now()).compareTo(outage) < 0) {
                whileDown.run();
                Thread.sleep(1_000);
            }
            SYSTEM.startPart(part);
            return new Instant[] {down, Instant.now()};
        });
    }

    /**
     * Sends a call every second to {@code callsTopic}; after {@link #LEAD} applies the fault, sends
     * for {@link #LEAD} more once it is undone, then waits for every call's alert in the API and on
     * {@code alertsTopic}, and reports the figures.
     */
    void drill(String part, String what, String callsTopic, String alertsTopic, Fault fault) throws Exception {
        String prefix = "drill-" + part + "-" + System.currentTimeMillis() + "-";
        Map<String, Instant> sent = new ConcurrentHashMap<>();
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        Instant since = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        Caller caller = new Caller(prefix, callsTopic, sent);
        Watcher watcher = new Watcher(prefix, since, seen);
        caller.start();
        watcher.start();
        Instant down;
        Instant back;
        try {
            Thread.sleep(LEAD.toMillis());
            assertThat(caller.errors).isEmpty();
            Instant[] times = fault.apply();
            down = times[0];
            back = times[1];
            Thread.sleep(LEAD.toMillis());
        } finally {
            caller.finish();
        }
        assertThat(caller.errors).as("the calls reached Kafka").isEmpty();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (seen.size() < sent.size() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        // Anything still on its way would show up as a duplicate now.
        Thread.sleep(10_000);
        watcher.finish();

        List<JsonNode> api = apiAlerts(prefix, since);
        List<JsonNode> kafka = committedAlerts(alertsTopic, prefix, sent.size());
        Map<String, Long> inApi = api.stream().collect(Collectors.groupingBy(a -> a.get("subjectId").asText(), Collectors.counting()));
        Map<String, Long> inKafka = kafka.stream().collect(Collectors.groupingBy(a -> a.get("subjectId").asText(), Collectors.counting()));
        long lostApi = sent.keySet().stream().filter(c -> !inApi.containsKey(c)).count();
        long lostKafka = sent.keySet().stream().filter(c -> !inKafka.containsKey(c)).count();
        long dupApi = inApi.values().stream().mapToLong(n -> n - 1).sum();
        long dupKafka = inKafka.values().stream().mapToLong(n -> n - 1).sum();
        List<Long> delays = sent.entrySet().stream().filter(e -> seen.containsKey(e.getKey()))
                .map(e -> Duration.between(e.getValue(), seen.get(e.getKey())).toMillis()).sorted().toList();
        Instant lastSeen = seen.values().stream().max(Instant::compareTo).orElse(back);
        Figures.report("Drills", what, COMMAND, Figures.of(
                "alerts", sent.size(),
                "lost", "API " + lostApi + ", risk.alerts " + lostKafka,
                "duplicated", "API " + dupApi + ", risk.alerts " + dupKafka,
                "recovered", seconds(Duration.between(down, back).toMillis()) + " from the fault to " + part + " whole again, then "
                        + seconds(Math.max(0, Duration.between(back, lastSeen).toMillis())) + " to the last delayed alert in the API",
                "delay", "median " + seconds(percentile(delays, 50)) + ", max " + seconds(percentile(delays, 100))
                        + " from call to the API"));

        assertThat(inApi.keySet()).as("every call's alert in the API").containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertThat(inApi.values()).as("each once in the API").containsOnly(1L);
        assertThat(inKafka.keySet()).as("every call's alert on " + alertsTopic).containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertThat(inKafka.values()).as("each once on " + alertsTopic + " (read_committed)").containsOnly(1L);
        assertThat(api).allSatisfy(a -> assertThat(a.get("ruleId").asText()).isEqualTo("hiker.distress-call"));
        assertThat(caller.errors).isEmpty();
    }

    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - (p == 0 ? 0 : 1)));
    }

    /** Sends one emergency call a second to a calls topic, from a place on the Beishan mountain. */
    static final class Caller extends Thread {
        final String prefix;
        final String topic;
        final Map<String, Instant> sent;
        final List<String> errors = new CopyOnWriteArrayList<>();
        volatile boolean stop;
        final KafkaProducer<String, String> producer;

        Caller(String prefix, String topic, Map<String, Instant> sent) {
            super("drill-caller");
            setDaemon(true);
            this.prefix = prefix;
            this.topic = topic;
            this.sent = sent;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SYSTEM.kafkaBootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            // The broker may be away for a minute: keep retrying rather than drop a call.
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }

        @Override
        public void run() {
            int n = 0;
            while (!stop) {
                String id = prefix + n++;
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
                ObjectNode call = JSON.createObjectNode().put("callId", id).put("ts", now.toString())
                        .put("lat", 29.2321).put("lon", 119.664).put("accuracyM", 800).put("category", "TRAPPED")
                        .put("text", "drill: trapped below the cliff");
                sent.put(id, Instant.now());
                producer.send(new ProducerRecord<>(topic, id, call.toString()), (meta, e) -> {
                    if (e != null) {
                        errors.add(id + ": " + e);
                    }
                });
                try {
                    Thread.sleep(CALL_EVERY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            stop = true;
            join(10_000);
            producer.flush();
            producer.close(Duration.ofMinutes(2));
        }
    }

    /** Polls the API every second and notes when each call's alert is first seen there. */
    static final class Watcher extends Thread {
        final String prefix;
        final Instant since;
        final Map<String, Instant> seen;
        volatile boolean stop;

        Watcher(String prefix, Instant since, Map<String, Instant> seen) {
            super("drill-watcher");
            setDaemon(true);
            this.prefix = prefix;
            this.since = since;
            this.seen = seen;
        }

        @Override
        public void run() {
            while (!stop) {
                try {
                    Instant now = Instant.now();
                    for (JsonNode a : apiAlerts(prefix, since)) {
                        seen.putIfAbsent(a.get("subjectId").asText(), now);
                    }
                } catch (Exception e) {
                    // The API or its store is down: that is the drill. Try again in a second.
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            stop = true;
            join(10_000);
        }
    }

    private static volatile String token;

    static String token() throws Exception {
        if (token == null) {
            ObjectNode login = JSON.createObjectNode().put("username", "command").put("password", "demo");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SYSTEM.baseUrl() + "/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            token = JSON.readTree(r.body()).get("access_token").asText();
        }
        return token;
    }

    static HttpRequest alertsRequest(String query) throws Exception {
        return HttpRequest.newBuilder(URI.create(SYSTEM.baseUrl() + "/api/alerts?ruleId=hiker.distress-call" + query))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token()).build();
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build());
    }

    /** Every distress-call alert of this drill the API holds (calls since {@code since}), page by page. */
    static List<JsonNode> apiAlerts(String prefix, Instant since) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int from = 0; ; from += 500) {
            HttpResponse<String> r = send(alertsRequest("&since=" + since + "&size=500&from=" + from));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /api/alerts: " + r.statusCode() + " " + r.body());
            }
            JsonNode page = JSON.readTree(r.body());
            page.get("items").forEach(a -> {
                if (a.get("subjectId").asText().startsWith(prefix)) {
                    out.add(a);
                }
            });
            if (page.get("items").size() < 500) {
                return out;
            }
        }
    }

    /**
     * This drill's alerts on risk.alerts, read_committed, from the start of the topic; read again
     * for up to a minute until there are {@code expected} of them (the job commits on checkpoints).
     */
    static List<JsonNode> committedAlerts(String topic, String prefix, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        List<JsonNode> out = committedAlerts(topic, prefix);
        while (out.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            out = committedAlerts(topic, prefix);
        }
        return out;
    }

    static List<JsonNode> committedAlerts(String topic, String prefix) throws Exception {
        return CommittedRecords.read(SYSTEM.kafkaBootstrap(), topic).stream()
                .filter(a -> a.path("subjectId").asText().startsWith(prefix)).toList();
    }
}
