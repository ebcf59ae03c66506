package cn.jinhua.risk.bench.latency;

import cn.jinhua.risk.jobs.RiskJob;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Latency harness (not a test): how long an event takes from the feed to the screens of the
 * running system ({@code ./risk up}), hop by hop. A real Kafka producer sends live-stamped
 * background traffic (location fixes of phones in town, which raise no alert) at a steady rate,
 * with probes mixed in: distress calls on {@code risk.calls} ({@code hiker.distress-call},
 * CRITICAL) and pool readings on {@code risk.sensors} that cross a pool's high threshold
 * ({@code plating.pool-high}, MEDIUM; each preceded by a low reading that clears the pool). Each
 * probe is recognised by its rule and its event time, which is its own stamp, unique to the
 * millisecond, and timed at every hop: acknowledged by Kafka, emitted by the job (the alert's
 * record timestamp on {@code risk.alerts}, stamped by the job's producer), received by the API
 * (the stored alert's {@code receivedAt}), its live event stamped ({@code at}), delivered on
 * {@code /api/stream} to a COMMAND subscriber, and visible to a read_committed consumer of
 * {@code risk.alerts}. Two peers run in the same process and time: a Kafka producer and consumer
 * alone on a scratch topic, and a bare Flink Kafka → Kafka pass-through on a MiniCluster with the
 * job's network buffer timeout. Prints p50, p99, p99.9 and the maximum of each; asserts nothing.
 *
 * <p>Run with {@code ./risk bench-latency [OPTIONS]} (BENCHMARKS.md), which passes the running
 * system's {@code --bootstrap} and {@code --api}. This is a CLI: it prints to stdout.
 */
public final class LatencyBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneOffset SHANGHAI = ZoneOffset.ofHours(8);
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    static final String CALL_RULE = "hiker.distress-call";
    static final String POOL_RULE = "plating.pool-high";
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    /** Inside Beishan's mountain area (the father's track in the seed): every call there is an alert. */
    static final double CALL_LAT = 29.160055;
    static final double CALL_LON = 119.619925;
    static final List<String> OPTIONS = List.of("--bootstrap", "--api", "--user", "--password", "--rate", "--devices",
            "--probes", "--probe-interval-ms", "--warmup-s", "--settle-s", "--world");

    final String bootstrap;
    final String api;
    final int rate;
    final int devices;
    final int probes;
    final int intervalMs;
    final int warmupS;
    final int settleS;
    final List<Pool> pools;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<String, Probe> byKey = new ConcurrentHashMap<>();
    final List<Probe> counted = new CopyOnWriteArrayList<>();
    final List<long[]> kafkaPeer = new CopyOnWriteArrayList<>();
    final List<long[]> flinkPeer = new CopyOnWriteArrayList<>();
    final AtomicLong lastStamp = new AtomicLong();
    final AtomicLong backgroundSent = new AtomicLong();
    final String peerTopic = "bench.latency.kafka." + RUN;
    final String flinkIn = "bench.latency.flink-in." + RUN;
    final String flinkOut = "bench.latency.flink-out." + RUN;
    volatile boolean running = true;
    volatile String token;

    /** A TANK of the world with its level sensor and the levels that clear and cross its high threshold. */
    record Pool(String id, String sensor, double lowM, double highM) {
    }

    /** One probe's times, epoch milliseconds of this machine's clock, -1 until seen. */
    static final class Probe {
        final String kind;
        final long stamp;
        volatile long ack = -1;
        volatile long emit = -1;
        volatile long committed = -1;
        volatile long received = -1;
        volatile long announced = -1;
        volatile long delivered = -1;
        volatile String alertId;

        Probe(String kind, long stamp) {
            this.kind = kind;
            this.stamp = stamp;
        }
    }

    LatencyBench(Map<String, String> opt) throws IOException {
        bootstrap = required(opt, "--bootstrap");
        api = required(opt, "--api").replaceAll("/+$", "");
        rate = count(opt, "--rate", 0);
        devices = opt.containsKey("--devices") ? count(opt, "--devices", 1) : Math.max(1, rate * 30);
        probes = count(opt, "--probes", 2);
        intervalMs = count(opt, "--probe-interval-ms", 10);
        warmupS = count(opt, "--warmup-s", 0);
        settleS = count(opt, "--settle-s", 1);
        pools = pools(Path.of(opt.get("--world")));
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            // 90 s of warm-up with probes: on two cores the API and Elasticsearch run C2 alone (./risk's
            // small_host_jit), and with 20 s their ingest path was still interpreted when counting began.
            Map<String, String> opt = new HashMap<>(Map.of("--user", "command", "--password", "demo", "--rate", "1000",
                    "--probes", "1000", "--probe-interval-ms", "100", "--warmup-s", "90", "--settle-s", "30",
                    "--world", "seeds/world/wuyi-plating-park.geojson"));
            for (int i = 0; i < args.length; i += 2) {
                if (!OPTIONS.contains(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i] + " (options: " + String.join(" ", OPTIONS) + ")");
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                opt.put(args[i], args[i + 1]);
            }
            LatencyBench bench = new LatencyBench(opt);
            bench.run(opt.get("--user"), opt.get("--password"));
        } catch (IllegalArgumentException e) {
            System.err.println("bench-latency: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("bench-latency failed: " + (e instanceof IllegalStateException ? e.getMessage() : e.toString()));
            code = 1;
        }
        // Flink's and the HTTP client's threads would keep the JVM alive.
        System.exit(code);
    }

    static String required(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required (./risk bench-latency passes the running system's)");
        }
        return v;
    }

    static int count(Map<String, String> opt, String name, int min) {
        try {
            int n = Integer.parseInt(opt.get(name));
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects a whole number ≥ " + min + ", got \"" + opt.get(name) + "\"");
        }
    }

    /** The pools of the world file: a reading at 25 % clears pool-high, one midway to high-high crosses it. */
    static List<Pool> pools(Path world) throws IOException {
        if (!Files.isRegularFile(world)) {
            throw new IllegalArgumentException("--world: no file " + world.toAbsolutePath());
        }
        List<Pool> out = new ArrayList<>();
        for (JsonNode f : JSON.readTree(world.toFile()).path("features")) {
            JsonNode p = f.path("properties");
            if ("TANK".equals(p.path("type").asText()) && p.hasNonNull("levelSensor") && p.hasNonNull("highPct")) {
                double depth = p.path("depthM").asDouble();
                double high = p.path("highPct").asDouble();
                double highHigh = p.path("highHighPct").asDouble(100);
                out.add(new Pool(p.path("id").asText(), p.path("levelSensor").asText(), round(depth * 0.25),
                        round(depth * (high + highHigh) / 200)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--world: " + world + " has no TANK with a levelSensor and highPct");
        }
        return out;
    }

    static double round(double m) {
        return Math.round(m * 1000) / 1000.0;
    }

    void run(String user, String password) throws Exception {
        token = login(user, password);
        String start = "start " + Instant.now() + ", load average " + loadAverage();
        createTopics();
        List<Thread> threads = new ArrayList<>();
        JobClient passThrough = null;
        try (KafkaProducer<byte[], byte[]> feed = producer(); KafkaProducer<byte[], byte[]> peer = producer()) {
            Thread sse = daemon("sse", this::followStream);
            threads.add(sse);
            threads.add(daemon("risk.alerts", this::followAlerts));
            threads.add(daemon("kafka-peer", () -> followPeer(peerTopic, kafkaPeer)));
            threads.add(daemon("flink-peer", () -> followPeer(flinkOut, flinkPeer)));
            passThrough = startPassThrough();
            waitForPassThrough(peer);
            threads.add(daemon("background", () -> background(feed)));
            System.out.printf("background: %,d fixes/s from %,d phones in town; probes: %,d after %d s of warm-up, one every %d ms%n",
                    rate, devices, probes, warmupS, intervalMs);
            long warmEnd = System.currentTimeMillis() + warmupS * 1000L;
            int sent = 0;
            int tick = 0;
            long next = System.currentTimeMillis();
            while (sent < probes) {
                long now = System.currentTimeMillis();
                if (now < next) {
                    Thread.sleep(next - now);
                }
                next += intervalMs;
                boolean count = System.currentTimeMillis() >= warmEnd;
                if (count && sent == 0) {
                    kafkaPeer.clear();
                    flinkPeer.clear();
                }
                Probe p = tick % 2 == 0 ? sendCall(feed, tick) : sendPool(feed, tick);
                if (count) {
                    counted.add(p);
                    sent++;
                    if (sent % 100 == 0) {
                        System.out.printf("%,d probes sent, %,d delivered on the stream%n", sent, delivered());
                    }
                }
                sendPeer(peer, peerTopic);
                sendPeer(peer, flinkIn);
                tick++;
            }
            long deadline = System.currentTimeMillis() + settleS * 1000L;
            while (System.currentTimeMillis() < deadline
                    && counted.stream().anyMatch(p -> p.delivered < 0 || p.committed < 0)) {
                Thread.sleep(200);
            }
            running = false;
            fetchReceipts();
        } finally {
            running = false;
            if (passThrough != null) {
                passThrough.cancel().get(60, TimeUnit.SECONDS);
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            deleteTopics();
        }
        print(start + "; end " + Instant.now() + ", load average " + loadAverage());
    }

    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("bench-latency: " + name + " stopped: " + e);
            }
        }, "bench-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A unique, increasing stamp: two probes never share a millisecond, so rule and time name one. */
    long stamp() {
        return lastStamp.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    }

    static String iso(long ms) {
        return TS.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), SHANGHAI));
    }

    static String key(String rule, long eventTimeMs) {
        return rule + "|" + eventTimeMs;
    }

    Probe sendCall(KafkaProducer<byte[], byte[]> feed, int tick) {
        long stamp = stamp();
        String callId = "latency-" + RUN + "-" + tick;
        ObjectNode call = JSON.createObjectNode().put("callId", callId).put("ts", iso(stamp))
                .put("lat", CALL_LAT).put("lon", CALL_LON).put("accuracyM", 50).put("category", "TRAPPED")
                .put("text", "latency probe " + tick);
        Probe p = new Probe("call", stamp);
        byKey.put(key(CALL_RULE, stamp), p);
        send(feed, "risk.calls", callId, call, stamp, p);
        return p;
    }

    Probe sendPool(KafkaProducer<byte[], byte[]> feed, int tick) {
        Pool pool = pools.get((tick / 2) % pools.size());
        long low = stamp();
        send(feed, "risk.sensors", pool.sensor(), reading(pool.sensor(), low, pool.lowM()), low, null);
        long high = stamp();
        Probe p = new Probe("pool", high);
        byKey.put(key(POOL_RULE, high), p);
        send(feed, "risk.sensors", pool.sensor(), reading(pool.sensor(), high, pool.highM()), high, p);
        return p;
    }

    static ObjectNode reading(String sensor, long stamp, double value) {
        return JSON.createObjectNode().put("sensorId", sensor).put("ts", iso(stamp)).put("value", value).put("unit", "M");
    }

    void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, ObjectNode value, long stamp, Probe p) {
        producer.send(new ProducerRecord<>(topic, null, stamp, key.getBytes(StandardCharsets.UTF_8), bytes(value)), (md, e) -> {
            if (e != null) {
                System.err.println("bench-latency: sending to " + topic + " failed: " + e);
            } else if (p != null) {
                p.ack = System.currentTimeMillis();
            }
        });
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void sendPeer(KafkaProducer<byte[], byte[]> producer, String topic) {
        long now = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(topic, null, now, null, Long.toString(now).getBytes(StandardCharsets.UTF_8)));
    }

    /** Phones in town, each reporting every devices/rate seconds, stamped as they are sent. */
    void background(KafkaProducer<byte[], byte[]> feed) {
        if (rate == 0) {
            return;
        }
        SplittableRandom r = new SplittableRandom(13);
        double[][] home = new double[devices][];
        for (int d = 0; d < devices; d++) {
            home[d] = new double[] {119.60 + r.nextDouble() * 0.10, 29.05 + r.nextDouble() * 0.06};
        }
        long start = System.nanoTime();
        long sent = 0;
        int d = 0;
        while (running) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            if (sent >= due) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            for (; sent < due; sent++, d = (d + 1) % devices) {
                String id = "lat-" + RUN + "-" + d;
                long now = System.currentTimeMillis();
                ObjectNode fix = JSON.createObjectNode().put("deviceId", id).put("ts", iso(now))
                        .put("lat", round6(home[d][1] + r.nextDouble(-0.0002, 0.0002)))
                        .put("lon", round6(home[d][0] + r.nextDouble(-0.0002, 0.0002)))
                        .put("accuracyM", 15).put("source", "GPS");
                feed.send(new ProducerRecord<>("risk.locations", null, now, id.getBytes(StandardCharsets.UTF_8), bytes(fix)));
            }
            backgroundSent.set(sent);
        }
    }

    static double round6(double deg) {
        return Math.round(deg * 1e6) / 1e6;
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position);
        return c;
    }

    /** risk.alerts as a read_committed consumer sees it: alerts appear when the job's checkpoint commits them. */
    void followAlerts() {
        try (KafkaConsumer<byte[], byte[]> c = consumer("risk.alerts")) {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    JsonNode a = JSON.readTree(rec.value());
                    Probe p = byKey.get(key(a.path("ruleId").asText(), epochMs(a.path("eventTime").asText())));
                    if (p != null) {
                        p.emit = rec.timestamp();
                        p.committed = now;
                        p.alertId = a.path("id").asText();
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading risk.alerts failed", e);
        }
    }

    void followPeer(String topic, List<long[]> into) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(topic)) {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    into.add(new long[] {Long.parseLong(new String(rec.value(), StandardCharsets.UTF_8)), now});
                }
            }
        }
    }

    static long epochMs(String iso) {
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * The live stream as the command centre's page reads it: one COMMAND subscriber which, like
     * the page, reconnects with the last event id when the stream ends (a subscriber that falls
     * too far behind is cut off), so a delivery after a reconnection counts with its delay.
     */
    void followStream() {
        String lastId = null;
        while (running) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(api + "/api/stream"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET();
            if (lastId != null) {
                req.header("Last-Event-ID", lastId);
            }
            try {
                HttpResponse<java.util.stream.Stream<String>> r = http.send(req.build(), HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/stream answered " + r.statusCode());
                }
                String event = null;
                for (String line : (Iterable<String>) r.body()::iterator) {
                    if (!running) {
                        return;
                    }
                    if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        lastId = line.substring(3).strip();
                    } else if (line.startsWith("data:") && "alert".equals(event)) {
                        delivered(JSON.readTree(line.substring(5)), System.currentTimeMillis());
                    } else if (line.isEmpty()) {
                        event = null;
                    }
                }
                System.err.println("bench-latency: the live stream ended; reconnecting after event " + lastId);
            } catch (IOException e) {
                System.err.println("bench-latency: the live stream failed (" + e + "); reconnecting after event " + lastId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void delivered(JsonNode a, long now) {
        Probe p = byKey.get(key(a.path("ruleId").asText(), epochMs(a.path("eventTime").asText())));
        if (p != null && p.delivered < 0) {
            p.delivered = now;
            p.announced = epochMs(a.path("at").asText());
            p.alertId = a.path("alertId").asText();
        }
    }

    String login(String user, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("username", user, "password", password));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(api + "/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("the API at " + api + " is not reachable (is ./risk up running?): " + e, e);
        }
        if (r.statusCode() == 401) {
            throw new IllegalStateException("the API refused the login of " + user + " (401): start the system with"
                    + " ./risk up --demo for its demo accounts, or pass --user and --password of a COMMAND account"
                    + " (./risk account add)");
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + user + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /**
     * The API's receipt of each probe's alert: {@code receivedAt} of the stored alerts, listed by
     * event time over the probes' span in pages of 500 (a few requests, not one per probe).
     */
    void fetchReceipts() throws Exception {
        Map<String, Probe> byId = new HashMap<>();
        for (Probe p : counted) {
            if (p.alertId != null) {
                byId.put(p.alertId, p);
            }
        }
        if (byId.isEmpty()) {
            return;
        }
        long since = counted.get(0).stamp;
        long until = counted.get(counted.size() - 1).stamp + 1;
        String range = "since=" + java.net.URLEncoder.encode(iso(since), StandardCharsets.UTF_8) + "&until="
                + java.net.URLEncoder.encode(iso(until), StandardCharsets.UTF_8) + "&sort=eventTime&size=500";
        for (int from = 0; from < 10_000; from += 500) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/alerts?" + range + "&from=" + from))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /api/alerts answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode items = JSON.readTree(r.body()).path("items");
            for (JsonNode a : items) {
                Probe p = byId.get(a.path("id").asText());
                if (p != null) {
                    p.received = epochMs(a.path("receivedAt").asText());
                }
            }
            if (items.size() < 500) {
                return;
            }
        }
    }

    void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(peerTopic, 2, (short) 1), new NewTopic(flinkIn, 2, (short) 1),
                    new NewTopic(flinkOut, 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    void deleteTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(peerTopic, flinkIn, flinkOut)).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench-latency: could not delete the scratch topics " + peerTopic + ", " + flinkIn + ", "
                    + flinkOut + ": " + e);
        }
    }

    /**
     * The Flink peer: Kafka source → Kafka sink and nothing between, parallelism 2 like the job,
     * with the job's network buffer timeout. At-least-once: with exactly-once, what a read_committed
     * reader sees waits for the checkpoint, which the risk.alerts row already shows.
     */
    JobClient startPassThrough() throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, RiskJob.NETWORK_BUFFER_TIMEOUT);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder().setBootstrapServers(bootstrap).setTopics(flinkIn)
                .setGroupId("bench-latency-" + RUN).setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class)).build();
        SerializationSchema<byte[]> asIs = new AsIs();
        KafkaSink<byte[]> sink = KafkaSink.<byte[]>builder().setBootstrapServers(bootstrap)
                .setRecordSerializer(KafkaRecordSerializationSchema.<byte[]>builder().setTopic(flinkOut)
                        .setValueSerializationSchema(asIs).build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").sinkTo(sink).name("kafka");
        return env.executeAsync("bench-latency-pass-through");
    }

    /** A class, not a lambda: Flink infers the sink's type from it. */
    static final class AsIs implements SerializationSchema<byte[]> {
        @Override
        public byte[] serialize(byte[] element) {
            return element;
        }
    }

    /** Until a record has gone through the pass-through job (the MiniCluster takes seconds to start). */
    void waitForPassThrough(KafkaProducer<byte[], byte[]> peer) throws InterruptedException {
        System.out.println("starting the Flink pass-through peer ...");
        long deadline = System.currentTimeMillis() + 180_000;
        while (flinkPeer.isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the Flink pass-through peer passed nothing in 180 s");
            }
            sendPeer(peer, flinkIn);
            Thread.sleep(500);
        }
        flinkPeer.clear();
    }

    long delivered() {
        return counted.stream().filter(p -> p.delivered >= 0).count();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Nearest-rank percentiles of the differences, ms; null when no probe has both times. */
    static long[] stats(List<long[]> pairs) {
        long[] d = pairs.stream().filter(x -> x[0] >= 0 && x[1] >= 0).mapToLong(x -> x[1] - x[0]).sorted().toArray();
        if (d.length == 0) {
            return null;
        }
        return new long[] {d.length, rank(d, 0.50), rank(d, 0.99), rank(d, 0.999), d[d.length - 1]};
    }

    static long rank(long[] sorted, double p) {
        return sorted[(int) Math.max(0, Math.ceil(p * sorted.length) - 1)];
    }

    static List<long[]> between(List<Probe> ps, ToLongFunction<Probe> from, ToLongFunction<Probe> to) {
        return ps.stream().map(p -> new long[] {from.applyAsLong(p), to.applyAsLong(p)}).toList();
    }

    void print(String when) {
        Map<String, ToLongFunction<Probe>> points = new LinkedHashMap<>();
        points.put("stamp", p -> p.stamp);
        points.put("ack", p -> p.ack);
        points.put("emit", p -> p.emit);
        points.put("received", p -> p.received);
        points.put("announced", p -> p.announced);
        points.put("delivered", p -> p.delivered);
        points.put("committed", p -> p.committed);
        String[][] hops = {
            {"stamp", "ack", "Kafka append: stamped → acknowledged to the producer"},
            {"ack", "emit", "job: read, decide, emit (the alert's record timestamp on risk.alerts)"},
            {"emit", "received", "HTTP sink → API receipt (the stored alert's receivedAt)"},
            {"received", "announced", "API: incident grouped, live event stamped (its `at`)"},
            {"announced", "delivered", "API: alert and event stored, delivered on /api/stream"},
            {"stamp", "delivered", "**end to end: stamped → on the COMMAND live stream**"},
            {"stamp", "committed", "stamped → committed on risk.alerts (read_committed consumer)"},
        };
        System.out.println();
        System.out.println(when + "; " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "; background " + String.format("%,d", rate) + " fixes/s ("
                + String.format("%,d", backgroundSent.get()) + " sent)");
        System.out.println();
        System.out.println("| hop, ms | kind | probes | p50 | p99 | p99.9 | max |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (String[] hop : hops) {
            for (String kind : List.of("call", "pool")) {
                List<Probe> ps = counted.stream().filter(p -> p.kind.equals(kind)).toList();
                row(hop[2], kind.equals("call") ? "distress call (CRITICAL)" : "pool-high (MEDIUM)",
                        stats(between(ps, points.get(hop[0]), points.get(hop[1]))), ps.size());
            }
        }
        row("peer: Kafka producer → consumer, scratch topic", "–", stats(kafkaPeer), kafkaPeer.size());
        row("peer: Flink Kafka → Kafka pass-through (MiniCluster, parallelism 2, buffer timeout "
                + RiskJob.NETWORK_BUFFER_TIMEOUT.toMillis() + " ms)", "–", stats(flinkPeer), flinkPeer.size());
        long lost = counted.stream().filter(p -> p.delivered < 0).count();
        System.out.println();
        System.out.printf("%,d of %,d probes not delivered on the stream within %d s of the last one%s%n", lost, counted.size(),
                settleS, lost == 0 ? "" : " (not in the rows above)");
    }

    static void row(String hop, String kind, long[] s, int of) {
        if (s == null) {
            System.out.printf("| %s | %s | 0 of %,d | – | – | – | – |%n", hop, kind, of);
        } else {
            System.out.printf("| %s | %s | %,d | %,d | %,d | %,d | %,d |%n", hop, kind, s[0], s[1], s[2], s[3], s[4]);
        }
    }
}
