package cn.jinhua.risk.api.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Elasticsearch server process from the unpacked integ-test distribution, on free ports,
 * with its data under a work folder. Elasticsearch refuses to run as root: as root the server runs
 * as the system user {@value #ES_USER} (created when missing) via {@code su}. Readiness is
 * {@code GET /_cluster/health} ({@code GET /} answers 405 on this distribution). Not thread-safe;
 * one instance per test run.
 */
public final class ElasticsearchServer implements AutoCloseable {
    static final String ES_USER = "risk-es";
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private final Process process;
    private final String url;
    private final Path work;

    private ElasticsearchServer(Process process, String url, Path work) {
        this.process = process;
        this.url = url;
        this.work = work;
    }

    public String url() {
        return url;
    }

    /**
     * Starts a server and waits until its cluster is at least yellow.
     *
     * @param home the unpacked distribution (contains bin/elasticsearch)
     * @param work a folder for data and logs; emptied first
     */
    public static ElasticsearchServer start(Path home, Path work) throws IOException, InterruptedException {
        return start(home, work, "-Xms512m -Xmx512m");
    }

    /** @param javaOpts the server JVM's options (ES_JAVA_OPTS), as ./risk passes them */
    public static ElasticsearchServer start(Path home, Path work, String javaOpts) throws IOException, InterruptedException {
        if (javaOpts.contains("'")) {
            throw new IllegalArgumentException("Elasticsearch JVM options may not contain a single quote: " + javaOpts);
        }
        if (!Files.isExecutable(home.resolve("bin/elasticsearch")) && !Files.exists(home.resolve("bin/elasticsearch"))) {
            throw new IOException("no Elasticsearch distribution at " + home + " (the build unpacks it in process-test-resources)");
        }
        boolean root = isRoot();
        if (root && !accessibleTo(home, work.getParent())) {
            // The ES user cannot reach the build folder (e.g. a checkout under /root): use a copy under /tmp.
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path copy = tmp.resolve("risk-es-dist-" + home.getFileName());
            if (!Files.exists(copy.resolve("bin/elasticsearch"))) {
                copyTree(home, copy);
            }
            home = copy;
            work = tmp.resolve("risk-es-work-" + ProcessHandle.current().pid());
        }
        deleteTree(work);
        int httpPort = freePort();
        int transportPort = freePort();
        Path data = work.resolve("data");
        Path logs = work.resolve("logs");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Files.createDirectories(home.resolve("plugins"));
        List<String> esArgs = List.of(
                "-E", "discovery.type=single-node",
                "-E", "xpack.security.enabled=false",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + httpPort,
                "-E", "transport.port=" + transportPort,
                "-E", "path.data=" + data,
                "-E", "path.logs=" + logs,
                "-E", "cluster.name=risk-test-" + httpPort,
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                "-E", "action.destructive_requires_name=false");
        String javaHome = System.getProperty("java.home");
        ProcessBuilder pb;
        if (root) {
            ensureUser();
            run("chown", "-R", ES_USER + ":" + ES_USER, home.toString(), work.toString());
            StringBuilder cmd = new StringBuilder("ES_JAVA_HOME='" + javaHome + "' ES_JAVA_OPTS='" + javaOpts + "' exec '"
                    + home.resolve("bin/elasticsearch") + "'");
            for (String a : esArgs) {
                cmd.append(" '").append(a).append('\'');
            }
            pb = new ProcessBuilder("su", "-s", "/bin/bash", ES_USER, "-c", cmd.toString());
        } else {
            List<String> cmd = new ArrayList<>();
            cmd.add(home.resolve("bin/elasticsearch").toString());
            cmd.addAll(esArgs);
            pb = new ProcessBuilder(cmd);
            pb.environment().put("ES_JAVA_HOME", javaHome);
            pb.environment().put("ES_JAVA_OPTS", javaOpts);
        }
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectErrorStream(true).redirectOutput(work.resolve("console.log").toFile());
        Process p = pb.start();
        String url = "http://127.0.0.1:" + httpPort;
        ElasticsearchServer server = new ElasticsearchServer(p, url, work);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-elasticsearch"));
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("Elasticsearch exited with " + p.exitValue() + ":\n" + server.tail());
            }
            if (healthy(url)) {
                return server;
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IOException("Elasticsearch not healthy after " + STARTUP.toSeconds() + " s:\n" + server.tail());
    }

    private static boolean healthy(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=1s")
                    .toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(3000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server and every process it started (su, the shell, the JVM). */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (ProcessHandle h : tree) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            h.destroyForcibly();
        }
        process.destroyForcibly();
        try {
            process.waitFor();
            deleteTree(work);
        } catch (IOException e) {
            // Data left behind is removed by the next start in this folder.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(work.resolve("console.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return "0".equals(out);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void ensureUser() throws IOException, InterruptedException {
        if (new ProcessBuilder("id", "-u", ES_USER).redirectErrorStream(true).start().waitFor() == 0) {
            return;
        }
        try {
            run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER);
        } catch (IOException e) {
            // A parallel run may have created it meanwhile.
            if (new ProcessBuilder("id", "-u", ES_USER).start().waitFor() != 0) {
                throw e;
            }
        }
    }

    /** Whether the ES user can read the distribution and write next to the work folder. */
    private static boolean accessibleTo(Path home, Path workParent) throws IOException, InterruptedException {
        ensureUser();
        Files.createDirectories(workParent);
        String check = "test -r '" + home.resolve("lib") + "' && test -x '" + workParent + "'";
        return new ProcessBuilder("su", "-s", "/bin/bash", ES_USER, "-c", check).redirectErrorStream(true).start().waitFor() == 0;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
