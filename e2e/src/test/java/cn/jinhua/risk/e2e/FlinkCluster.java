package cn.jinhua.risk.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Flink session cluster of separate JVMs, as production runs one: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}) from
 * the Flink jars of a distribution's lib/ ({@code scripts/runtime/flink-cluster/pom.xml}, resolved
 * by Maven), each with the memory flags Flink's own scripts compute ({@code BashJavaUtils}). The cluster jar
 * is uploaded and run over the REST API ({@code /jars/upload}, {@code /jars/{id}/run}).
 * Its REST API listens on 127.0.0.1 only. {@link #close} kills every process it started.
 */
final class FlinkCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final Path root;
    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final List<Process> taskManagers = new ArrayList<>();
    private Process jobManager;

    /**
     * @param config the cluster's configuration (flat keys); the addresses, ports, folders and
     *     memory sizes are added here
     */
    FlinkCluster(Path root, Path dir, Map<String, String> config) throws IOException {
        this.root = root;
        this.dir = Files.createDirectories(dir);
        this.classpath = flinkClasspath(root, dir);
        List<Integer> ports = RiskSystem.freePorts(2);
        this.restPort = ports.get(0);
        StringBuilder yaml = new StringBuilder();
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("jobmanager.rpc.address", "localhost");
        all.put("jobmanager.rpc.port", String.valueOf(ports.get(1)));
        all.put("jobmanager.bind-host", "localhost");
        all.put("taskmanager.host", "localhost");
        all.put("taskmanager.bind-host", "localhost");
        all.put("rest.address", "localhost");
        all.put("rest.bind-address", "127.0.0.1");
        all.put("rest.port", String.valueOf(restPort));
        all.put("jobmanager.memory.process.size", "900m");
        all.put("taskmanager.memory.process.size", "1100m");
        all.put("taskmanager.memory.managed.size", "64m");
        all.put("io.tmp.dirs", dir.resolve("tmp").toString());
        all.put("web.upload.dir", dir.resolve("upload").toString());
        all.putAll(config);
        all.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("upload"));
        Files.writeString(dir.resolve("conf/config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
    }

    /** {@code mvn dependency:build-classpath} of the cluster's runtime pom (Maven's repository from MAVEN_OPTS, as for the build). */
    private static String flinkClasspath(Path root, Path dir) throws IOException {
        Path out = dir.resolve("flink.classpath");
        Path log = dir.resolve("flink-classpath.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f", root.resolve("scripts/runtime/flink-cluster/pom.xml").toString(),
                "dependency:build-classpath", "-Dmdep.outputFile=" + out).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
                mvn.destroyForcibly();
                throw new IllegalStateException("could not resolve the Flink cluster's classpath:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return Files.readString(out, StandardCharsets.UTF_8).trim();
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Starts the JobManager and {@code taskManagers} TaskManagers and waits until all have registered. */
    void start(int taskManagerCount) throws Exception {
        jobManager = launch("jobmanager", JOB_MANAGER, "GET_JM_RESOURCE_PARAMS",
                // The jar's main() runs in the JobManager, whose reflection needs this on Java 17.
                List.of("--add-opens=java.base/java.util=ALL-UNNAMED"), List.of());
        for (int i = 0; i < taskManagerCount; i++) {
            taskManagers.add(launch("taskmanager-" + i, TASK_MANAGER, "GET_TM_RESOURCE_PARAMS", List.of("-XX:+UseParallelGC"),
                    List.of("-D", "taskmanager.resource-id=tm-" + i)));
        }
        await(Duration.ofMinutes(3), "the JobManager's REST API and " + taskManagerCount + " TaskManagers", () -> {
            JsonNode tms = getJson("/taskmanagers");
            return tms != null && tms.get("taskmanagers").size() == taskManagerCount;
        });
    }

    private Process launch(String name, String mainClass, String resourceCommand, List<String> extraJvm, List<String> extraArgs)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process utils = new ProcessBuilder(java, "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                resourceCommand, "--configDir", dir.resolve("conf").toString()).redirectErrorStream(true).start();
        String out = new String(utils.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!utils.waitFor(1, TimeUnit.MINUTES) || utils.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + resourceCommand + " failed:\n" + out);
        }
        List<String> results = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim()).toList();
        if (results.size() < 2) {
            throw new IllegalStateException("BashJavaUtils " + resourceCommand + " said:\n" + out);
        }
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(Arrays.asList(results.get(0).split("\\s+")));
        cmd.addAll(extraJvm);
        cmd.add("-Dlog4j.configurationFile=" + root.resolve("scripts/runtime/log4j2-job.properties"));
        cmd.addAll(List.of("-cp", classpath, mainClass, "--configDir", dir.resolve("conf").toString()));
        cmd.addAll(Arrays.asList(results.get(1).split("\\s+")).stream().filter(s -> !s.isBlank()).toList());
        cmd.addAll(extraArgs);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    /** Uploads the cluster jar and runs it with these arguments; returns the job id. */
    String submit(Path jar, String entryClass, List<String> args) throws Exception {
        HttpResponse<String> uploaded = upload(restUrl(), jar);
        if (uploaded.statusCode() != 200) {
            throw new IllegalStateException("jar upload: " + uploaded.statusCode() + " " + uploaded.body());
        }
        String jarId = Path.of(JSON.readTree(uploaded.body()).get("filename").asText()).getFileName().toString();
        ObjectNode run = JSON.createObjectNode().put("entryClass", entryClass);
        args.forEach(run.putArray("programArgsList")::add);
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(run.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 200) {
            throw new IllegalStateException("jar run: " + started.statusCode() + " " + started.body() + "\n--- jobmanager log ---\n"
                    + log("jobmanager", 40));
        }
        return JSON.readTree(started.body()).get("jobid").asText();
    }

    /** {@code POST /jars/upload} of a jar, as the web UI's submit page sends it. */
    static HttpResponse<String> upload(String restUrl, Path jar) throws Exception {
        String boundary = "risk-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(restUrl + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the job runs with every task of it running. */
    boolean allTasksRunning(String jobId) throws Exception {
        JsonNode job = getJson("/jobs/" + jobId);
        if (job == null || !"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode v : job.get("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The TaskManagers (by index, their resource id is tm-INDEX) that hold at least one of the job's slots. */
    List<Integer> busyTaskManagers() {
        List<Integer> busy = new ArrayList<>();
        for (JsonNode tm : getJson("/taskmanagers").get("taskmanagers")) {
            if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) {
                busy.add(Integer.parseInt(tm.get("id").asText().substring("tm-".length())));
            }
        }
        return busy;
    }

    /** Kills one TaskManager with SIGKILL, as a crash or the OOM killer would. */
    void killTaskManager(int i) throws InterruptedException {
        Process p = taskManagers.get(i);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    int taskManagerCount() {
        return taskManagers.size();
    }

    JsonNode getJson(String path) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    String log(String name, int lines) {
        try {
            return RiskSystem.tail(Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    void await(Duration max, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what + "\n--- jobmanager log ---\n"
                + log("jobmanager", 40));
    }

    @Override
    public void close() {
        for (Process p : taskManagers) {
            p.destroyForcibly();
        }
        if (jobManager != null) {
            jobManager.destroyForcibly();
        }
        for (Process p : taskManagers) {
            waitQuietly(p);
        }
        if (jobManager != null) {
            waitQuietly(jobManager);
        }
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
