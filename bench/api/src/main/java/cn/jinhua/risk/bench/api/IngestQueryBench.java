package cn.jinhua.risk.bench.api;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.support.ElasticsearchServer;
import cn.jinhua.risk.contract.IsoTimes;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * Speed harness (not a test): ingests N alerts through the API in batches, measures list and
 * near= query latency with them stored, and measures peers side by side in the same run: single
 * alert POSTs, and Elasticsearch's own bulk and search without the API. Prints one table.
 *
 * <p>Run with {@code ./risk bench-api [OPTIONS]} (alert-api/README.md): this JVM, which hosts the API,
 * and the Elasticsearch it starts then have the JVM options {@code ./risk up} gives them. Options:
 * {@code --es URL} (an existing server; otherwise one is started from bench/api/target/elasticsearch,
 * or {@code --es-home DIR}),
 * {@code --es-java-opts "OPTS"} (for the server it starts), {@code --alerts N}, {@code --batch N},
 * {@code --threads N}, {@code --queries N}, {@code --singles N}, {@code --rounds N} (timed API
 * ingests of N alerts each, one after the other), {@code --warmup N} (alerts ingested untimed
 * first, in steps of 100,000 with a row each, through an API of their own whose indices are then
 * dropped; default 300,000; then it waits idle until both JVMs' JIT compilers are quiet). A
 * dashboard polls the alert list and the open incidents once a second throughout, as in
 * production, which keeps the indices refreshing every second. The table shows the CPU of both
 * processes per alert and their JIT compilers' share of it.
 * This is a CLI: it prints to stdout.
 */
public final class IngestQueryBench {
    private static final String INGEST_TOKEN = "bench-ingest-token";
    private static final List<String> OPTIONS = List.of("--es", "--es-home", "--es-java-opts", "--alerts", "--batch",
            "--threads", "--queries", "--singles", "--warmup", "--rounds");
    private static final int WARM_UP_STEP = 100_000;
    private static final double SETTLED_SHARE = 0.05;
    private static final long SETTLE_SAMPLE_MS = 2_000;
    private static final int SETTLE_MAX_S = 180;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final List<String[]> rows = new ArrayList<>();
    private String header = "";

    private IngestQueryBench(String base) {
        this.base = base;
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            measure(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-api: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            code = 1;
        }
        // The server's executor threads outlive it and would keep the JVM running for ever.
        System.exit(code);
    }

    private static void measure(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("--alerts", "100000", "--batch", "1000", "--threads", "4",
                "--queries", "400", "--singles", "400", "--warmup", "300000", "--rounds", "1"));
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (options: " + String.join(" ", OPTIONS) + ")");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            opt.put(args[i], args[i + 1]);
        }
        int alerts = count(opt, "--alerts", 1);
        int batch = count(opt, "--batch", 1);
        int threads = count(opt, "--threads", 1);
        int queries = count(opt, "--queries", 1);
        int singles = count(opt, "--singles", 0);
        int warmup = count(opt, "--warmup", 0);
        int rounds = count(opt, "--rounds", 1);
        ElasticsearchServer es = null;
        String esUrl = opt.get("--es");
        if (esUrl == null) {
            Path home = Path.of(opt.getOrDefault("--es-home", "bench/api/target/elasticsearch/elasticsearch-8.19.5"));
            if (!home.toFile().isDirectory()) {
                throw new IllegalArgumentException("no Elasticsearch in " + home.toAbsolutePath()
                        + ": build bench/api (./risk bench-api does) or give --es URL or --es-home DIR");
            }
            System.out.println("starting Elasticsearch from " + home.toAbsolutePath() + " ...");
            Path work = home.toAbsolutePath().getParent().getParent().resolve("es-bench");
            String esOpts = opt.get("--es-java-opts");
            es = esOpts == null ? ElasticsearchServer.start(home.toAbsolutePath(), work)
                    : ElasticsearchServer.start(home.toAbsolutePath(), work, esOpts);
            esUrl = es.url();
        }
        String prefix = "bench-" + System.currentTimeMillis() + "-";
        RestClient rest = RestClient.builder(HttpHost.create(esUrl)).build();
        RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper(Json.MAPPER));
        ElasticsearchClient raw = new ElasticsearchClient(transport);
        List<String[]> warmUpRows = new ArrayList<>();
        try {
            String jvms = jvmOptions(rest);
            System.out.println(jvms);
            if (warmup > 0) {
                // Compiles the hot paths of the API and of Elasticsearch before timing, through an API
                // of its own whose indices are dropped afterwards: the measured indices hold only the
                // measured alerts, and the raw peer below runs on a warm server too.
                String warmPrefix = prefix + "warmup-";
                try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, apiProperties(esUrl, warmPrefix))) {
                    System.out.printf("warming up with %,d alerts in other indices ...%n", warmup);
                    warmUpRows.addAll(new IngestQueryBench(server.getURI().toString()).warmUp(rest, warmup, batch, threads));
                }
                warmUpRows.add(settleCompilers(rest));
                // By name: a server may refuse wildcard deletes (action.destructive_requires_name).
                org.elasticsearch.client.Response names = rest.performRequest(new org.elasticsearch.client.Request("GET",
                        "/_cat/indices/" + warmPrefix + "*?h=index"));
                String list = new String(names.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8).strip()
                        .replaceAll("\\s+", ",");
                if (!list.isEmpty()) {
                    rest.performRequest(new org.elasticsearch.client.Request("DELETE", "/" + list));
                }
            }
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, apiProperties(esUrl, prefix))) {
                System.out.printf("API environments: %s, write refresh: %s%n", server.getApplicationContext().getEnvironment()
                        .getActiveNames(), server.getApplicationContext().getProperty("risk.elasticsearch.refresh", String.class)
                        .orElse("default"));
                IngestQueryBench bench = new IngestQueryBench(server.getURI().toString());
                bench.rows.addAll(warmUpRows);
                bench.header = jvms;
                bench.run(raw, rest, prefix, alerts, batch, threads, queries, singles, rounds);
            }
        } finally {
            transport.close();
            rest.close();
            if (es != null) {
                es.close();
            }
        }
    }

    private static int count(Map<String, String> opt, String name, int min) {
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

    private static Map<String, Object> apiProperties(String esUrl, String prefix) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("risk.elasticsearch.url", esUrl);
        props.put("risk.elasticsearch.index-prefix", prefix);
        // The production policy, whatever the test configuration on this classpath says.
        props.put("risk.elasticsearch.refresh", "false");
        props.put("risk.security.ingest-token", INGEST_TOKEN);
        props.put("risk.security.demo-accounts", true);
        props.put("risk.escalation.enabled", false);
        props.put("micronaut.security.token.jwt.signatures.secret.generator.secret", "bench-secret-0123456789-0123456789-0123456789");
        return props;
    }

    /**
     * Ingests {@code alerts} untimed in steps of {@value #WARM_UP_STEP}, one row per step: the rate
     * and both processes' CPU and JIT share show whether they have settled before the timed ingest.
     */
    private List<String[]> warmUp(RestClient rest, int alerts, int batch, int threads) throws Exception {
        List<Long> polls = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService dashboard = startDashboard(login("command"), polls);
        try {
            for (int done = 0; done < alerts; done += WARM_UP_STEP) {
                int n = Math.min(WARM_UP_STEP, alerts - done);
                CpuSample cpu = cpuNow(rest);
                double rate = ingestBatches(generate(n, 20_000_000 + done), batch, threads);
                CpuSample after = cpuNow(rest);
                long es = after.esNs() - cpu.esNs();
                long jvm = after.jvmNs() - cpu.jvmNs();
                String[] r = {String.format("warm-up: alerts %,d–%,d through the API", done + 1, done + n),
                    String.format("%,.0f", rate), "alerts/s", String.format("CPU µs/alert: Elasticsearch %.0f (%s), this JVM %.0f (%s)",
                        es / 1000.0 / n, compilerShare(compilerNs(cpu.esCompilers(), after.esCompilers()), es),
                        jvm / 1000.0 / n, compilerShare(compilerNs(cpu.jvmCompilers(), after.jvmCompilers()), jvm))};
                rows.add(r);
                System.out.printf("  %s: %s alerts/s, %s%n", r[0], r[1], r[3]);
            }
        } finally {
            dashboard.shutdownNow();
        }
        return rows;
    }

    /**
     * Waits, idle, until the JIT compilers of both processes have caught up: their threads used
     * less than {@value #SETTLED_SHARE} of a core over {@value #SETTLE_SAMPLE_MS} ms, for at most
     * {@value #SETTLE_MAX_S} s. On two cores a warm-up at full load starves the compilers: the
     * methods it made hot wait in the C2 queue and run in profiling C1 code, so the timed ingest
     * would measure a backlog that a server under its usual, bursty load works off between bursts.
     */
    private static String[] settleCompilers(RestClient rest) throws Exception {
        long start = System.nanoTime();
        CpuSample before = cpuNow(rest);
        while (true) {
            Thread.sleep(SETTLE_SAMPLE_MS);
            CpuSample now = cpuNow(rest);
            double limit = SETTLED_SHARE * SETTLE_SAMPLE_MS * 1_000_000L;
            boolean esQuiet = compilerNs(before.esCompilers(), now.esCompilers()) < limit;
            boolean apiQuiet = compilerNs(before.jvmCompilers(), now.jvmCompilers()) < limit;
            double waited = (System.nanoTime() - start) / 1e9;
            if (esQuiet && apiQuiet || waited > SETTLE_MAX_S) {
                String state = esQuiet && apiQuiet ? "settled" : "still compiling";
                System.out.printf("JIT compilers %s after %.0f s idle%n", state, waited);
                return new String[] {"warm-up: idle until the JIT compilers of both processes are quiet",
                    String.format("%.0f", waited), "s", state};
            }
            before = now;
        }
    }

    /**
     * A dashboard polling while the job writes: its searches keep the indices refreshing every
     * second, as in production (an index nobody searches skips refreshes and merges less).
     */
    private ScheduledExecutorService startDashboard(String token, List<Long> polls) {
        return everySecond("dashboard poll", x -> {
            long t = System.nanoTime();
            get("/api/alerts?size=50", token);
            get("/api/incidents?open=true&size=50", token);
            polls.add(System.nanoTime() - t);
        });
    }

    /** Runs {@code poll} once a second until shut down; a failed poll is reported and the next one still runs. */
    private static ScheduledExecutorService everySecond(String what, Work<Void> poll) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            try {
                poll.run(null);
            } catch (InterruptedException stopped) {
                // The ingest is over and the timer is being shut down.
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println(what + " failed: " + e);
            }
        }, 0, 1, TimeUnit.SECONDS);
        return timer;
    }

    /** The dashboard's list straight from Elasticsearch: newest 50 with the total. */
    private static void rawNewest50(ElasticsearchClient raw, String index) throws IOException {
        raw.search(s -> s.index(index).size(50).trackTotalHits(th -> th.enabled(true))
                .sort(so -> so.field(f -> f.field("eventTime").order(SortOrder.Desc))), JsonNode.class);
    }

    private void run(ElasticsearchClient raw, RestClient rest, String prefix, int n, int batch, int threads, int queries,
                     int singles, int rounds) throws Exception {
        System.out.printf("generating %,d alerts ...%n", n);
        List<ObjectNode> all = generate(n, 0);
        String token = login("command");
        List<Long> polls = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService dashboard = startDashboard(token, polls);
        try {
            for (int round = 1; round <= rounds; round++) {
                List<ObjectNode> alerts = round == 1 ? all : generate(n, 30_000_000 + round * n);
                System.out.printf("round %d: ingesting %,d alerts through the API in batches of %d on %d threads ...%n", round, n,
                        batch, threads);
                Map<String, long[]> before = indexingStats(rest, prefix);
                CpuSample cpu = cpuNow(rest);
                long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                polls.clear();
                double apiRate = ingestBatches(alerts, batch, threads);
                row("ingest: API batch POST (" + batch + "/request, " + threads + " threads)"
                        + (rounds > 1 ? ", round " + round : ""), apiRate, "alerts/s", "");
                cpuRows(cpu, cpuNow(rest), n, "this JVM: API + harness client");
                row("  JIT compiling in this JVM meanwhile", ManagementFactory.getCompilationMXBean()
                        .getTotalCompilationTime() - jit, "ms", "");
                Map<String, long[]> after = indexingStats(rest, prefix);
                for (Map.Entry<String, long[]> e : after.entrySet()) {
                    long[] d = e.getValue().clone();
                    long[] b = before.getOrDefault(e.getKey(), new long[d.length]);
                    for (int i = 0; i < d.length; i++) {
                        d[i] -= b[i];
                    }
                    if (d[0] > 0) {
                        storeRow(e.getKey().substring(prefix.length()), d, n);
                    }
                }
                addLatencyRow("  dashboard during ingest: alerts + open incidents, 1/s (API)",
                        polls.stream().mapToLong(Long::longValue).toArray());
            }
        } finally {
            dashboard.shutdownNow();
        }

        List<ObjectNode> more = generate(singles, n);
        double singleRate = ingestSingles(more, threads);
        row("ingest peer: API single-alert POST (" + threads + " threads)", singleRate, "alerts/s", "");

        List<ObjectNode> peerAlerts = generate(n, 10_000_000);
        CpuSample cpu = cpuNow(rest);
        double rawRate = rawBulk(raw, prefix + "raw-peer", peerAlerts, batch, threads);
        row("ingest peer: raw Elasticsearch bulk, no API (" + batch + "/request)", rawRate, "alerts/s", "");
        cpuRows(cpu, cpuNow(rest), n, "this JVM: raw bulk client");
        storeRow("raw-peer", indexingStats(rest, prefix).getOrDefault(prefix + "raw-peer", new long[4]), n);

        double dup = ingestBatches(all.subList(0, Math.min(n, 20_000)), batch, threads);
        row("re-ingest of stored alerts (idempotent, nothing written)", dup, "alerts/s", "");

        raw.indices().refresh(r -> r.index(prefix + "alerts", prefix + "incidents", prefix + "raw-peer"));
        JsonNode count = get("/api/alerts?size=1", token);
        System.out.printf("stored alerts visible through the API: %,d%n", count.get("total").asLong());

        latency("query: list, newest 50", "/api/alerts?size=50", token, queries);
        latency("query: list WASTEWATER HIGH, 50", "/api/alerts?scenario=WASTEWATER&severity=HIGH&size=50", token, queries);
        latency("query: near=29.21,119.63,2000 m", "/api/alerts?near=29.21,119.63,2000&size=50", token, queries);
        latency("query: q=迷路", "/api/alerts?q=" + URLEncoder.encode("迷路", StandardCharsets.UTF_8) + "&size=50", token, queries);
        latency("query: incidents, open, 50", "/api/incidents?open=true&size=50", token, queries);
        rawSearchLatency(raw, prefix + "raw-peer", queries);

        System.out.println();
        System.out.println(header);
        System.out.printf("%-62s %14s %10s  %s%n", "measure", "value", "unit", "detail (latency: p50 / p95)");
        System.out.println("-".repeat(100));
        for (String[] r : rows) {
            System.out.printf("%-62s %14s %10s  %s%n", (Object[]) r);
        }
    }

    private void row(String name, double value, String unit, String extra) {
        rows.add(new String[] {name, String.format("%,.0f", value), unit, extra});
    }

    /** Alerts spread over incidents the way a job emits them: a window of active subjects, each alerting a few times. */
    private static List<ObjectNode> generate(int n, int offset) {
        Random rnd = new Random(42 + offset);
        List<ObjectNode> out = new ArrayList<>(n);
        Instant t0 = Instant.parse("2026-12-29T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int seq = offset + i;
            int subject = (offset / 10) + i / 10 + rnd.nextInt(20);
            boolean lost = subject % 2 == 0;
            ObjectNode a = Json.MAPPER.createObjectNode();
            a.put("id", "bench-" + seq);
            a.put("ruleId", lost ? "hiker.distress-call" : "plating.pool-high");
            a.put("ruleVersion", 1);
            a.put("scenario", lost ? "LOST_PERSON" : "WASTEWATER");
            a.put("severity", new String[] {"LOW", "MEDIUM", "HIGH", "CRITICAL"}[rnd.nextInt(4)]);
            a.put("incidentKey", (lost ? "LOST_PERSON:device:b-" : "WASTEWATER:plant:b-") + subject);
            a.put("subjectId", "b-" + subject);
            a.put("title", lost ? "Distress call: lost on the mountain" : "Emergency pool above high level");
            a.put("titleZh", lost ? (rnd.nextInt(10) == 0 ? "求救电话：迷路" : "求救电话：被困") : "应急池高液位");
            String ts = IsoTimes.formatSortable(t0.plusSeconds(seq));
            a.put("eventTime", ts);
            a.put("detectedAt", ts);
            double lat = lost ? 29.15 + rnd.nextDouble() * 0.12 : 28.88 + rnd.nextDouble() * 0.04;
            double lon = lost ? 119.58 + rnd.nextDouble() * 0.12 : 119.84 + rnd.nextDouble() * 0.04;
            a.putObject("location").put("lat", lat).put("lon", lon);
            a.putArray("zoneIds").add(lost ? "bs-mountain" : "wy-park");
            if (lost) {
                a.putNull("tier");
                a.putNull("responseLevel");
            } else {
                a.put("tier", 1);
                a.put("responseLevel", "PARK");
            }
            ArrayNode ev = a.putArray("evidence");
            ObjectNode e = ev.addObject().put("topic", lost ? "risk.calls" : "risk.sensors").put("key", "k-" + seq).put("ts", ts);
            if (lost) {
                e.putObject("value").put("callerId", "1381234" + String.format("%04d", seq % 10000)).put("text", "山上迷路了");
            } else {
                e.put("value", 3.2 + rnd.nextDouble());
            }
            a.putObject("recommendation");
            a.putNull("searchArea");
            a.putNull("predictedOverflowAt");
            a.putNull("lastKnownPosition");
            a.putNull("nearestTrail");
            out.add(a);
        }
        return out;
    }

    private double ingestBatches(List<ObjectNode> alerts, int batch, int threads) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i += batch) {
            bodies.add(Json.MAPPER.writeValueAsBytes(alerts.subList(i, Math.min(alerts.size(), i + batch))));
        }
        long t = System.nanoTime();
        runAll(bodies, threads, body -> post("/api/alerts", body));
        return alerts.size() / ((System.nanoTime() - t) / 1e9);
    }

    private double ingestSingles(List<ObjectNode> alerts, int threads) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (ObjectNode a : alerts) {
            bodies.add(Json.MAPPER.writeValueAsBytes(a));
        }
        long t = System.nanoTime();
        runAll(bodies, threads, body -> post("/api/alerts", body));
        return alerts.size() / ((System.nanoTime() - t) / 1e9);
    }

    /**
     * Per index: {documents indexed, indexing ms, refreshes, merge ms}. Indexing time is
     * Elasticsearch's own (parsing and analysis); refreshes and merges are counted apart because
     * many small refreshes mean many small segments to merge.
     */
    private static Map<String, long[]> indexingStats(RestClient rest, String prefix) throws IOException {
        org.elasticsearch.client.Response r = rest.performRequest(new org.elasticsearch.client.Request("GET",
                "/" + prefix + "*/_stats/indexing,refresh,merge"));
        JsonNode indices = Json.MAPPER.readTree(r.getEntity().getContent()).path("indices");
        Map<String, long[]> out = new TreeMap<>();
        indices.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue().path("primaries");
            out.put(e.getKey(), new long[] {p.path("indexing").path("index_total").asLong(),
                p.path("indexing").path("index_time_in_millis").asLong(), p.path("refresh").path("total").asLong(),
                p.path("merges").path("total_time_in_millis").asLong()});
        });
        return out;
    }

    private void storeRow(String index, long[] d, int alerts) {
        row("  Elasticsearch indexing in " + index + " (" + String.format("%,d", d[0]) + " docs)", d[1] * 1000.0 / alerts,
                "µs/alert", "");
        row("  Elasticsearch refreshes of " + index + ", merge time", d[2], "refreshes",
                String.format("%.0f µs/alert", d[3] * 1000.0 / alerts));
    }

    /**
     * The JVM options that shape the result: heap and JIT of Elasticsearch (from its node info) and
     * of this JVM, which runs the API.
     */
    private static String jvmOptions(RestClient rest) throws IOException {
        org.elasticsearch.client.Response r = rest.performRequest(new org.elasticsearch.client.Request("GET", "/_nodes/_local/jvm"));
        JsonNode jvm = Json.MAPPER.readTree(r.getEntity().getContent()).path("nodes").elements().next().path("jvm");
        List<String> es = new ArrayList<>();
        jvm.path("input_arguments").forEach(a -> es.add(a.asText()));
        return String.format("Elasticsearch on Java %s, JVM options %s%nAPI and harness: Java %s, heap %,d MB, JIT and GC"
                + " options %s, %d CPUs", jvm.path("version").asText(), relevant(es, true), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, relevant(ManagementFactory.getRuntimeMXBean().getInputArguments(), false),
                Runtime.getRuntime().availableProcessors());
    }

    private static List<String> relevant(List<String> args, boolean heap) {
        return args.stream().filter(a -> heap && a.startsWith("-Xm") || a.contains("Tiered") || a.contains("Compiler")
                || a.startsWith("-XX:+Use") && a.endsWith("GC")).toList();
    }

    /**
     * CPU time so far in ns of Elasticsearch's process and of this JVM's, and of their JIT compiler
     * threads by thread id (null where /proc cannot tell: not Linux, or Elasticsearch on another host).
     */
    private record CpuSample(long esNs, long jvmNs, Map<Long, Long> esCompilers, Map<Long, Long> jvmCompilers) {
    }

    private static CpuSample cpuNow(RestClient rest) throws IOException {
        org.elasticsearch.client.Response r = rest.performRequest(new org.elasticsearch.client.Request("GET",
                "/_nodes/_local/stats/process"));
        JsonNode node = Json.MAPPER.readTree(r.getEntity().getContent()).path("nodes").elements().next();
        long es = node.path("process").path("cpu").path("total_in_millis").asLong() * 1_000_000L;
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        org.elasticsearch.client.Response info = rest.performRequest(new org.elasticsearch.client.Request("GET",
                "/_nodes/_local/process"));
        long esPid = Json.MAPPER.readTree(info.getEntity().getContent()).path("nodes").elements().next()
                .path("process").path("id").asLong(-1);
        return new CpuSample(es, jvm, compilerCpu(esPid, "elasticsearch"), compilerCpu(ProcessHandle.current().pid(), null));
    }

    /**
     * CPU time (ns) of each C1/C2 compiler thread of a local process, from /proc, or null. Clock
     * ticks of 10 ms (USER_HZ 100, as on every usual Linux build).
     */
    private static Map<Long, Long> compilerCpu(long pid, String commandMustContain) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (commandMustContain != null
                    && !new String(Files.readAllBytes(proc.resolve("cmdline"))).contains(commandMustContain)) {
                return null;
            }
            Map<Long, Long> out = new HashMap<>();
            try (java.util.stream.Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        String name = Files.readString(t.resolve("comm"));
                        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                            continue;
                        }
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        out.put(Long.parseLong(t.getFileName().toString()),
                                (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L);
                    } catch (IOException threadGone) {
                        // A thread that ended between listing and reading: it is no compiler thread.
                    }
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Compiler CPU between two samples, thread by thread: the JVM starts and ends compiler threads
     * as its queue grows and shrinks, so totals cannot be subtracted. A thread that ended in between
     * is missing from the second sample: an underestimate, never an overestimate. -1: unknown.
     */
    private static long compilerNs(Map<Long, Long> before, Map<Long, Long> after) {
        if (before == null || after == null) {
            return -1;
        }
        long ns = 0;
        for (Map.Entry<Long, Long> t : after.entrySet()) {
            long b = before.getOrDefault(t.getKey(), 0L);
            // A smaller count: the id was reused by a thread started since.
            ns += t.getValue() >= b ? t.getValue() - b : t.getValue();
        }
        return ns;
    }

    /** Where the CPU of a timed ingest went, per alert: the two processes sharing the machine. */
    private void cpuRows(CpuSample before, CpuSample after, int n, String jvm) {
        row("  CPU in Elasticsearch", (after.esNs() - before.esNs()) / 1000.0 / n, "µs/alert",
                compilerShare(compilerNs(before.esCompilers(), after.esCompilers()), after.esNs() - before.esNs()));
        row("  CPU in " + jvm, (after.jvmNs() - before.jvmNs()) / 1000.0 / n, "µs/alert",
                compilerShare(compilerNs(before.jvmCompilers(), after.jvmCompilers()), after.jvmNs() - before.jvmNs()));
    }

    private static String compilerShare(long compilerNs, long totalNs) {
        if (compilerNs < 0 || totalNs <= 0) {
            return "";
        }
        return String.format("JIT %.0f %%", 100.0 * compilerNs / totalNs);
    }

    private static double rawBulk(ElasticsearchClient raw, String index, List<ObjectNode> alerts, int batch, int threads)
            throws Exception {
        raw.indices().create(c -> c.index(index).withJson(IngestQueryBench.class.getResourceAsStream("/es/alerts.json")));
        List<List<ObjectNode>> batches = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i += batch) {
            batches.add(alerts.subList(i, Math.min(alerts.size(), i + batch)));
        }
        // The same dashboard as for the API: one search a second keeps the index refreshing.
        ScheduledExecutorService dashboard = everySecond("raw dashboard search", x -> rawNewest50(raw, index));
        long t = System.nanoTime();
        try {
            runAll(batches, threads, b -> {
                List<BulkOperation> ops = new ArrayList<>();
                for (ObjectNode a : b) {
                    ops.add(BulkOperation.of(o -> o.create(c -> c.id(a.get("id").asText()).document(a))));
                }
                BulkResponse r = raw.bulk(x -> x.index(index).operations(ops));
                if (r.errors()) {
                    throw new IllegalStateException("raw bulk had errors");
                }
            });
        } finally {
            dashboard.shutdownNow();
        }
        return alerts.size() / ((System.nanoTime() - t) / 1e9);
    }

    private void latency(String name, String path, String token, int n) throws Exception {
        for (int i = 0; i < 30; i++) {
            get(path, token);
        }
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            get(path, token);
            ns[i] = System.nanoTime() - t;
        }
        addLatencyRow(name + " (API)", ns);
    }

    private void rawSearchLatency(ElasticsearchClient raw, String index, int n) throws IOException {
        long[] ns = new long[n];
        for (int i = -30; i < n; i++) {
            long t = System.nanoTime();
            rawNewest50(raw, index);
            if (i >= 0) {
                ns[i] = System.nanoTime() - t;
            }
        }
        addLatencyRow("query peer: raw Elasticsearch search, newest 50 (no API)", ns);
    }

    private void addLatencyRow(String name, long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        double p50 = s[s.length / 2] / 1e6;
        double p95 = s[(int) Math.ceil(s.length * 0.95) - 1] / 1e6;
        double p99 = s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6;
        rows.add(new String[] {name + " p99", String.format("%.1f", p99), "ms", String.format("%.1f / %.1f", p50, p95)});
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).get("access_token").asText();
    }

    /** Bodies are encoded before the clock starts: the harness's own work is not the API's. */
    private void post(String path, byte[] body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + INGEST_TOKEN)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " → " + r.statusCode() + " " + r.body());
        }
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " → " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    /** A unit of work that may fail. */
    private interface Work<T> {
        void run(T item) throws Exception;
    }

    private static <T> void runAll(List<T> items, int threads, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                fs.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < items.size(); k = next.getAndIncrement()) {
                        work.run(items.get(k));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
