package cn.jinhua.risk.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system (Kafka, Elasticsearch, the alert API, the Flink job) started with the
 * repository's own {@code ./risk up --demo}, the way an operator starts a demo, in a state folder of its own
 * under {@code target/} and on free ports, so that it never meets a demo running on the default
 * ports. {@code ./risk down} stops it after the tests, also when they fail or the JVM is
 * interrupted. Every run starts from empty Kafka and Elasticsearch data (the downloaded runtime
 * under {@code lib/} is kept), so replayed alerts are new to the API.
 *
 * <p>Used as a static JUnit extension: started once before the class's tests. Not thread-safe.
 */
public final class RiskSystem implements BeforeAllCallback, AfterAllCallback {
    private static final long UP_TIMEOUT_MIN = 15;
    private static final long DOWN_TIMEOUT_MIN = 3;
    private static final long REPLAY_TIMEOUT_MIN = 5;

    private final Path root;
    private final Path work;
    private final Path state;
    private final Map<String, String> env = new LinkedHashMap<>();
    private int apiPort;
    private Thread shutdownHook;
    private boolean up;

    /** Root of the repository (where {@code ./risk} is) and this module's work folder. */
    public RiskSystem(Path root, Path work) {
        this.root = root.toAbsolutePath().normalize();
        this.work = work.toAbsolutePath().normalize();
        this.state = this.work.resolve("state");
    }

    /** From the system properties the failsafe configuration sets ({@code risk.root}, {@code risk.e2e.work}). */
    public static RiskSystem fromSystemProperties() {
        return new RiskSystem(Path.of(required("risk.root")), Path.of(required("risk.e2e.work")));
    }

    static String required(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the browser test through Maven"
                    + " (mvn verify, or ./risk test), which sets it");
        }
        return v;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** Runs {@code ./risk up} with fresh data and free ports; fails with the end of its output if it fails. */
    public void start() throws IOException, InterruptedException {
        Path script = root.resolve("risk");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " is missing or not executable");
        }
        Files.createDirectories(work);
        List<Integer> ports = freePorts(7);
        apiPort = ports.get(0);
        env.put("RISK_STATE_DIR", state.toString());
        env.put("RISK_API_PORT", Integer.toString(apiPort));
        env.put("RISK_KAFKA_PORT", Integer.toString(ports.get(1)));
        env.put("RISK_KAFKA_CONTROLLER_PORT", Integer.toString(ports.get(2)));
        env.put("RISK_ES_PORT", Integer.toString(ports.get(3)));
        env.put("RISK_ES_TRANSPORT_PORT", Integer.toString(ports.get(4)));
        env.put("RISK_FLINK_PORT", Integer.toString(ports.get(5)));
        env.put("RISK_JOB_METRICS_PORT", Integer.toString(ports.get(6)));

        // A run interrupted earlier may have left its processes behind (their pids are in the state folder).
        run("down-before", DOWN_TIMEOUT_MIN, "down");
        wipeDataKeepingRuntime();

        shutdownHook = new Thread(this::stopQuietly, "risk-e2e-down");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // The tests log in with the demo accounts.
        Result r = run("up", UP_TIMEOUT_MIN, "up", "--demo");
        if (r.exitCode != 0) {
            String logs = run("logs", 1, "logs").output;
            throw new AssertionError("./risk up failed (exit " + r.exitCode + "); its output ends with:\n"
                    + tail(r.output, 60) + "\n--- ./risk logs ---\n" + tail(logs, 80));
        }
        up = true;
    }

    /**
     * Produces a scenario file to Kafka as fast as possible, moved to just before now so that the
     * live job takes it ({@code ./risk replay FILE --speed max --rebase recent}).
     */
    public String replay(Path scenario) throws IOException, InterruptedException {
        return replay(scenario, "--rebase", "recent");
    }

    /** {@code ./risk replay FILE --speed max OPTIONS...}; fails with its output when it fails. */
    public String replay(Path scenario, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("replay", scenario.toString(), "--speed", "max"));
        args.addAll(List.of(options));
        Result r = run("replay-" + scenario.getFileName(), REPLAY_TIMEOUT_MIN, args.toArray(String[]::new));
        if (r.exitCode != 0) {
            throw new AssertionError("./risk replay " + scenario + " failed (exit " + r.exitCode + "):\n" + tail(r.output, 40));
        }
        return r.output;
    }

    /** {@code ./risk control FILE}: live changes to the running job; fails with its output unless every one is accepted. */
    public String control(Path changes) throws IOException, InterruptedException {
        Result r = run("control-" + changes.getFileName(), REPLAY_TIMEOUT_MIN, "control", changes.toString());
        if (r.exitCode != 0) {
            throw new AssertionError("./risk control " + changes + " failed (exit " + r.exitCode + "):\n" + tail(r.output, 40));
        }
        return r.output;
    }

    /** Runs {@code ./risk up} again on the same data (after a part was killed); fails with its output if it fails. */
    public String upAgain() throws IOException, InterruptedException {
        Result r = run("up-again", UP_TIMEOUT_MIN, "up", "--demo");
        if (r.exitCode != 0) {
            throw new AssertionError("./risk up failed (exit " + r.exitCode + "):\n" + tail(r.output, 60)
                    + "\n--- job log ---\n" + logTail("job", 60));
        }
        return r.output;
    }

    /** {@code ./risk status}'s output (whatever its exit code). */
    public String status() throws IOException, InterruptedException {
        return run("status", 1, "status").output;
    }

    /** {@code ./risk stop PART}: stops one part as an operator would (the job with a savepoint). */
    public void stopPart(String part) throws IOException, InterruptedException {
        Result r = run("stop-" + part, DOWN_TIMEOUT_MIN, "stop", part);
        if (r.exitCode != 0) {
            throw new AssertionError("./risk stop " + part + " failed (exit " + r.exitCode + "):\n" + tail(r.output, 30));
        }
    }

    /** {@code ./risk start PART}: starts one part again and waits until it is healthy. */
    public void startPart(String part) throws IOException, InterruptedException {
        Result r = run("start-" + part, UP_TIMEOUT_MIN, "start", part);
        if (r.exitCode != 0) {
            throw new AssertionError("./risk start " + part + " failed (exit " + r.exitCode + "):\n" + tail(r.output, 30)
                    + "\n--- " + part + " log ---\n" + logTail(part, 40));
        }
    }

    /** A secret {@code ./risk up} generated (ingest-token, jwt-secret). */
    public String secret(String name) throws IOException {
        return Files.readString(state.resolve("secrets").resolve(name), StandardCharsets.UTF_8).trim();
    }

    /** This module's work folder (under target/). */
    public Path work() {
        return work;
    }

    /** The Flink web UI and REST API of the job. */
    public String flinkUrl() {
        return "http://localhost:" + env.get("RISK_FLINK_PORT");
    }

    /** Kills one part's whole process group with SIGKILL, as a crash or the OOM killer would. */
    public void kill(String part) throws IOException, InterruptedException {
        String pid = Files.readString(state.resolve("run").resolve(part + ".pid"), StandardCharsets.UTF_8).trim();
        Process p = new ProcessBuilder("kill", "-9", "--", "-" + pid).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kill -9 -" + pid + " (" + part + ") failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    /** The Kafka broker's address. */
    public String kafkaBootstrap() {
        return "localhost:" + env.get("RISK_KAFKA_PORT");
    }

    /** The last lines of one part's log (kafka, elasticsearch, api, job), for failure messages. */
    public String logTail(String part, int lines) {
        Path log = state.resolve("logs").resolve(part + ".log");
        try {
            return Files.exists(log) ? tail(Files.readString(log, StandardCharsets.UTF_8), lines) : "(no " + log + ")";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The job's Prometheus endpoint. */
    public String jobMetricsUrl() {
        return "http://localhost:" + env.get("RISK_JOB_METRICS_PORT") + "/metrics";
    }

    public String baseUrl() {
        return "http://localhost:" + apiPort;
    }

    public Path root() {
        return root;
    }

    /** Runs {@code ./risk down}; safe to call twice. */
    public void stop() throws IOException, InterruptedException {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // Already shutting down: the hook itself is running down.
            }
            shutdownHook = null;
        }
        if (!env.isEmpty()) {
            Result r = run("down", DOWN_TIMEOUT_MIN, "down");
            if (r.exitCode != 0 && up) {
                throw new AssertionError("./risk down failed (exit " + r.exitCode + "):\n" + tail(r.output, 30));
            }
        }
        up = false;
    }

    private void stopQuietly() {
        try {
            run("down-hook", DOWN_TIMEOUT_MIN, "down");
        } catch (IOException | RuntimeException e) {
            // Nothing more can be done while the JVM exits.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wipeDataKeepingRuntime() throws IOException {
        if (!Files.isDirectory(state)) {
            return;
        }
        try (Stream<Path> children = Files.list(state)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals("lib")) {
                    deleteRecursively(child);
                }
            }
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String label, long timeoutMin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("risk").toString());
        cmd.addAll(List.of(args));
        Path log = work.resolve("risk-" + label.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutMin, TimeUnit.MINUTES)) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new Result(-1, read(log) + "\n(timed out after " + timeoutMin + " min)");
        }
        return new Result(p.exitValue(), read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }

    static List<Integer> freePorts(int n) throws IOException {
        // Hold every socket until all are chosen, so the ports are distinct.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
