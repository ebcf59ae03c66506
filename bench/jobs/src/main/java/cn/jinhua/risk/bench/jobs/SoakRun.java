package cn.jinhua.risk.bench.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The soak ({@code ./risk soak}, RELIABILITY.md "Soak"): against a running {@code ./risk up
 * --demo}, phones move on the Beishan mountain at a fixed total rate of fixes (default 20,000 a
 * second, 100,000 devices) for a number of minutes (default 10), and one emergency call a second
 * comes in beside them. Every 10 s it samples the job's heap (Flink's REST API), its last
 * checkpoint (size and duration) and its backlog on {@code risk.locations} (the consumer group's
 * committed offsets against the end); each call's alert is timed from the call to the API. Prints
 * the samples, then the figures as {@code SOAK} lines that {@code ./risk soak} writes into
 * RELIABILITY.md. Measures; asserts nothing.
 */
public final class SoakRun {
    static final ObjectMapper JSON = new ObjectMapper();
    static final double LAT = 29.2321;
    static final double LON = 119.664;

    private SoakRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("minutes", "10", "rate", "20000", "devices", "100000",
                "bootstrap", "localhost:9092", "api-url", "http://127.0.0.1:8080", "flink-url", "http://127.0.0.1:8081",
                "user", "command", "password", "demo", "group-id", "risk-jobs"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2))) {
                System.err.println("soak: unknown option " + args[i] + "; options: " + o.keySet());
                System.exit(2);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        int minutes = Integer.parseInt(o.get("minutes"));
        int rate = Integer.parseInt(o.get("rate"));
        int devices = Integer.parseInt(o.get("devices"));
        String api = o.get("api-url");
        String flink = o.get("flink-url");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = login(http, api, o.get("user"), o.get("password"));

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.get("bootstrap"));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String prefix = "soak-" + System.currentTimeMillis() + "-";
        Map<String, Instant> called = new ConcurrentHashMap<>();
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        Instant since = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        AtomicLong sent = new AtomicLong();
        long[] heapMax = {0};
        long[] checkpointMax = {0};
        long[] checkpointMsMax = {0};
        long[] lagMax = {0};
        long start = System.nanoTime();
        // Samples and alert polls on their own threads: the producer's pace must not wait for them.
        ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.get("bootstrap")));
        sampler.scheduleWithFixedDelay(() -> poll(http, api, token, prefix, since, seen), 2, 2, TimeUnit.SECONDS);
        sampler.scheduleAtFixedRate(() -> {
            long heap = heapUsed(http, flink);
            JsonNode cp = lastCheckpoint(http, flink);
            long lag = lag(admin, o.get("group-id"));
            long size = cp == null ? -1 : cp.path("checkpointed_size").asLong(cp.path("state_size").asLong(-1));
            long cpMs = cp == null ? -1 : cp.path("end_to_end_duration").asLong(-1);
            synchronized (heapMax) {
                heapMax[0] = Math.max(heapMax[0], heap);
                checkpointMax[0] = Math.max(checkpointMax[0], size);
                checkpointMsMax[0] = Math.max(checkpointMsMax[0], cpMs);
                lagMax[0] = Math.max(lagMax[0], lag);
            }
            System.out.println(String.format(Locale.ROOT, "%4d s  sent %,d  job heap %s  checkpoint %s in %d ms  backlog %,d  alerts %d/%d",
                    (System.nanoTime() - start) / 1_000_000_000L, sent.get(), mb(heap), mb(size), cpMs, lag, seen.size(), called.size()));
        }, 10, 10, TimeUnit.SECONDS);
        long end = start + Duration.ofMinutes(minutes).toNanos();
        double[] lat = new double[devices];
        double[] lon = new double[devices];
        Random random = new Random(7);
        for (int d = 0; d < devices; d++) {
            lat[d] = LAT + (random.nextDouble() - 0.5) * 0.03;
            lon[d] = LON + (random.nextDouble() - 0.5) * 0.03;
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            long nextCall = start;
            int device = 0;
            int calls = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                // Paced per millisecond: rate / 1000 fixes, each device moving about 30 m a fix (never still).
                long due = (now - start) * rate / 1_000_000_000L;
                String ts = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.MILLIS).toString();
                while (sent.get() < due) {
                    lat[device] += (random.nextDouble() - 0.5) * 0.0006;
                    lon[device] += (random.nextDouble() - 0.5) * 0.0006;
                    String id = "soak-d" + device;
                    producer.send(new ProducerRecord<>("risk.locations", id, "{\"deviceId\":\"" + id + "\",\"ts\":\"" + ts
                            + "\",\"lat\":" + String.format(Locale.ROOT, "%.6f", lat[device]) + ",\"lon\":"
                            + String.format(Locale.ROOT, "%.6f", lon[device]) + ",\"accuracyM\":15,\"source\":\"GPS\"}"));
                    sent.incrementAndGet();
                    device = (device + 1) % devices;
                }
                if (now >= nextCall) {
                    String callId = prefix + calls++;
                    ObjectNode call = JSON.createObjectNode().put("callId", callId).put("ts", ts).put("lat", LAT).put("lon", LON)
                            .put("accuracyM", 800).put("category", "TRAPPED");
                    called.put(callId, Instant.now());
                    producer.send(new ProducerRecord<>("risk.calls", callId, call.toString()));
                    nextCall += 1_000_000_000L;
                }
                Thread.sleep(1);
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (seen.size() < called.size() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        sampler.shutdownNow();
        admin.close();
        List<Long> delays = called.entrySet().stream().filter(e -> seen.containsKey(e.getKey()))
                .map(e -> Duration.between(e.getValue(), seen.get(e.getKey())).toMillis()).sorted().toList();
        String figures = String.join("\t", "SOAK", String.format(Locale.ROOT, "%d min", minutes),
                String.format(Locale.ROOT, "%,d fixes (%,.0f a second) from %,d phones", sent.get(), sent.get() / seconds, devices),
                "job heap at most " + mb(heapMax[0]),
                "checkpoint at most " + mb(checkpointMax[0]) + ", " + checkpointMsMax[0] + " ms",
                String.format(Locale.ROOT, "backlog at most %,d fixes", lagMax[0]),
                String.format(Locale.ROOT, "alert latency (call to API, polled every 2 s) median %s, p99 %s, max %s; %d of %d calls' alerts",
                        sec(pct(delays, 50)), sec(pct(delays, 99)), sec(pct(delays, 100)), delays.size(), called.size()));
        System.out.println(figures);
    }

    static String login(HttpClient http, String api, String user, String password) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("username", user).put("password", password);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println("soak: cannot log in as " + user + " (" + r.statusCode() + " " + r.body()
                    + "); run the system with ./risk up --demo, or give --user and --password of a COMMAND account");
            System.exit(2);
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    static JsonNode get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    static long heapUsed(HttpClient http, String flink) {
        JsonNode tms = get(http, flink + "/taskmanagers");
        if (tms == null || tms.path("taskmanagers").isEmpty()) {
            return -1;
        }
        JsonNode m = get(http, flink + "/taskmanagers/" + tms.get("taskmanagers").get(0).get("id").asText()
                + "/metrics?get=Status.JVM.Memory.Heap.Used");
        return m == null || m.isEmpty() ? -1 : (long) Double.parseDouble(m.get(0).get("value").asText());
    }

    static JsonNode lastCheckpoint(HttpClient http, String flink) {
        JsonNode jobs = get(http, flink + "/jobs/overview");
        if (jobs == null || jobs.path("jobs").isEmpty()) {
            return null;
        }
        JsonNode cps = get(http, flink + "/jobs/" + jobs.get("jobs").get(0).get("jid").asText() + "/checkpoints");
        return cps == null ? null : cps.path("latest").path("completed").isObject() ? cps.path("latest").path("completed") : null;
    }

    static long lag(Admin admin, String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals("risk.locations")).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return latest.keySet().stream().mapToLong(tp -> ends.get(tp).offset() - committed.get(tp).offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    static void poll(HttpClient http, String api, String token, String prefix, Instant since, Map<String, Instant> seen) {
        try {
            for (int from = 0; ; from += 500) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/alerts?ruleId=hiker.distress-call&size=500&from="
                        + from + "&since=" + since)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return;
                }
                JsonNode items = JSON.readTree(r.body()).get("items");
                Instant now = Instant.now();
                items.forEach(a -> {
                    if (a.get("subjectId").asText().startsWith(prefix)) {
                        seen.putIfAbsent(a.get("subjectId").asText(), now);
                    }
                });
                if (items.size() < 500) {
                    return;
                }
            }
        } catch (Exception e) {
            // Sampled again at the next round.
        }
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
    }

    static String sec(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
