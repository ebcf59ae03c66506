package cn.jinhua.risk.control;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.RiskJob;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code JobControl --flink-url URL status|stop [--savepoint-dir DIR]}: what {@code ./risk status}
 * and {@code ./risk down} ask of the running detection job through Flink's REST API.
 *
 * <ul>
 *   <li>{@code status}: the job's state and name (which says its clock), where it was restored
 *       from, its latest completed checkpoint, its restarts, records read per topic, dead letters
 *       by reason and alerts by rule ({@link JobFigures}), and, when it is restarting or has
 *       failed, the last failure. Exit 0 when RUNNING, 1 otherwise, 3 when the API cannot be reached.</li>
 *   <li>{@code stop}: stops the job with a savepoint in {@code --savepoint-dir} (waits up to 2 min)
 *       and prints its location. Exit 0 when taken, 1 when it failed (the retained checkpoints
 *       still hold the state), 3 when the API cannot be reached.</li>
 * </ul>
 */
public final class JobControl {
    static final int OK = 0;
    static final int NOT_RUNNING = 1;
    static final int BAD_ARGS = 2;
    static final int UNREACHABLE = 3;

    private JobControl() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        String command = null;
        String savepointDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flink-url", "--savepoint-dir" -> {
                    if (i + 1 >= args.length) {
                        err.println("job-control: " + args[i] + " needs a value");
                        return BAD_ARGS;
                    }
                    if (args[i].equals("--flink-url")) {
                        url = args[++i];
                    } else {
                        savepointDir = args[++i];
                    }
                }
                case "status", "stop" -> command = args[i];
                default -> {
                    err.println("job-control: unexpected argument '" + args[i] + "'\n"
                            + "usage: JobControl --flink-url URL status|stop [--savepoint-dir DIR]");
                    return BAD_ARGS;
                }
            }
        }
        if (url == null || command == null || command.equals("stop") && savepointDir == null) {
            err.println("usage: JobControl --flink-url URL status|stop [--savepoint-dir DIR]");
            return BAD_ARGS;
        }
        FlinkRest rest = new FlinkRest(url);
        try {
            return command.equals("status") ? status(rest, out) : stop(rest, savepointDir, out, err);
        } catch (IOException e) {
            err.println("job-control: cannot reach Flink at " + url + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return UNREACHABLE;
        }
    }

    static int status(FlinkRest rest, PrintStream out) throws IOException {
        Optional<JsonNode> job = rest.newestJob(RiskJob.NAME);
        if (job.isEmpty()) {
            out.println("no risk job at " + rest.url());
            return NOT_RUNNING;
        }
        String jid = job.get().path("jid").asText();
        String state = job.get().path("state").asText();
        out.println(state + "  " + job.get().path("name").asText());
        JsonNode checkpoints = rest.get("/jobs/" + jid + "/checkpoints");
        JsonNode restored = checkpoints.path("latest").path("restored");
        out.println(restored.isMissingNode() || restored.isNull() ? "fresh state (not restored)"
                : "restored from " + restored.path("external_path").asText());
        JsonNode completed = checkpoints.path("latest").path("completed");
        if (completed.isMissingNode() || completed.isNull()) {
            out.println("no checkpoint completed yet");
        } else {
            long at = completed.path("latest_ack_timestamp").asLong();
            out.printf("last checkpoint #%d at %s (%d s ago), %s, in %s%n", completed.path("id").asLong(), IsoTimes.format(at),
                    Math.max(0, (System.currentTimeMillis() - at) / 1000), bytes(completed.path("checkpointed_size").asLong(
                            completed.path("state_size").asLong())), completed.path("external_path").asText());
        }
        long restarts = 0;
        for (JsonNode m : rest.get("/jobs/" + jid + "/metrics?get=numRestarts")) {
            restarts = m.path("value").asLong();
        }
        out.println("restarts " + restarts);
        JobFigures.fetch(rest, jid).print(out);
        if (restarts > 0 || !state.equals("RUNNING")) {
            lastFailure(rest, jid).ifPresent(f -> out.println("last failure " + f));
        }
        return state.equals("RUNNING") ? OK : NOT_RUNNING;
    }

    private static Optional<String> lastFailure(FlinkRest rest, String jid) throws IOException {
        JsonNode ex = rest.get("/jobs/" + jid + "/exceptions?maxExceptions=1");
        JsonNode entries = ex.path("exceptionHistory").path("entries");
        if (entries.isArray() && !entries.isEmpty()) {
            JsonNode e = entries.get(0);
            return Optional.of("at " + IsoTimes.format(e.path("timestamp").asLong()) + ": " + rootCause(e.path("stacktrace").asText(
                    e.path("exceptionName").asText())));
        }
        return Optional.empty();
    }

    /** The last "Caused by" line of a stack trace, or its first line: what went wrong, without the frames. */
    static String rootCause(String stacktrace) {
        String cause = null;
        for (String line : stacktrace.split("\n")) {
            if (cause == null) {
                cause = line.trim();
            } else if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length()).trim();
            }
        }
        return cause == null ? "(no message)" : cause;
    }

    static int stop(FlinkRest rest, String savepointDir, PrintStream out, PrintStream err) throws IOException {
        Optional<JsonNode> job = rest.newestJob(RiskJob.NAME).filter(j -> j.path("state").asText().equals("RUNNING"));
        if (job.isEmpty()) {
            err.println("job-control: no running risk job at " + rest.url() + ": nothing to stop with a savepoint");
            return NOT_RUNNING;
        }
        String jid = job.get().path("jid").asText();
        var body = FlinkRest.json().createObjectNode().put("targetDirectory", savepointDir).put("drain", false);
        String trigger = rest.post("/jobs/" + jid + "/stop", body).path("request-id").asText();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode s = rest.get("/jobs/" + jid + "/savepoints/" + trigger);
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.hasNonNull("location")) {
                    out.println(op.path("location").asText());
                    return OK;
                }
                err.println("job-control: the savepoint failed: " + rootCause(op.path("failure-cause").path("stack-trace")
                        .asText(op.path("failure-cause").toString())));
                return NOT_RUNNING;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NOT_RUNNING;
            }
        }
        err.println("job-control: the savepoint did not complete within 2 min");
        return NOT_RUNNING;
    }

    private static String bytes(long n) {
        return n < 10_240 ? n + " B" : n < 10_485_760 ? n / 1024 + " KB" : n / 1_048_576 + " MB";
    }
}
