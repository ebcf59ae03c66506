package cn.jinhua.risk.replay;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code replay FILE... [--speed N|max] [--rebase now|recent|ISO] [--bootstrap host:port]
 * [--flink-url URL]}: produces scenario files ({@code docs/feeds.md} "Scenario files and replays")
 * to Kafka, paced by their timestamps ({@code --speed 60} = one hour of event time per minute,
 * {@code max} = as fast as possible, the default), with progress on stderr and the number of
 * records sent per topic on stdout. {@code --rebase} moves the files in time first (see
 * {@link Rebase}). With {@code --flink-url} (default {@code RISK_FLINK_URL}), files whose records
 * the running job would drop as late or future are refused before anything is sent, naming the
 * time range. Exit codes: 0 done, 2 bad arguments, bad file (file and line named) or refused, 3
 * Kafka unreachable or refusing records. The bootstrap defaults to {@code RISK_KAFKA_BOOTSTRAP},
 * else localhost:9092.
 */
public final class ReplayCommand {
    static final int OK = 0;
    static final int BAD_INPUT = 2;
    static final int KAFKA_FAILED = 3;

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("RISK_KAFKA_BOOTSTRAP"), System.getenv("RISK_FLINK_URL"),
                System::currentTimeMillis, System.out, System.err));
    }

    static final String USAGE = "usage: replay FILE... [--speed N|max] [--rebase now|recent|ISO-time] [--bootstrap host:port]"
            + " [--flink-url URL]";

    /** Runs the command with the wall clock and no job to check against; returns the exit code. */
    public static int run(String[] args, String envBootstrap, PrintStream out, PrintStream err) {
        return run(args, envBootstrap, null, System::currentTimeMillis, out, err);
    }

    /**
     * Runs the command; returns the exit code.
     *
     * @param envFlinkUrl the job's REST URL unless {@code --flink-url} says otherwise; null: none
     * @param wallClock now, epoch milliseconds
     */
    public static int run(String[] args, String envBootstrap, String envFlinkUrl, java.util.function.LongSupplier wallClock,
                          PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        double speed = 0;
        Rebase rebase = null;
        String bootstrap = envBootstrap == null || envBootstrap.isBlank() ? "localhost:9092" : envBootstrap;
        String flinkUrl = envFlinkUrl == null || envFlinkUrl.isBlank() ? null : envFlinkUrl;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--speed") || a.equals("--bootstrap") || a.equals("--rebase") || a.equals("--flink-url")) {
                if (i + 1 >= args.length) {
                    err.println("replay: " + a + " needs a value\n" + USAGE);
                    return BAD_INPUT;
                }
                String v = args[++i];
                if (a.equals("--bootstrap")) {
                    bootstrap = v;
                } else if (a.equals("--flink-url")) {
                    flinkUrl = v;
                } else if (a.equals("--rebase")) {
                    try {
                        rebase = Rebase.parse(v);
                    } catch (IllegalArgumentException e) {
                        err.println("replay: " + e.getMessage());
                        return BAD_INPUT;
                    }
                } else if (v.equals("max")) {
                    speed = 0;
                } else {
                    try {
                        speed = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        speed = -1;
                    }
                    if (!(speed > 0) || Double.isInfinite(speed)) {
                        err.println("replay: --speed must be a positive number or 'max', got '" + v + "'");
                        return BAD_INPUT;
                    }
                }
            } else if (a.startsWith("--")) {
                err.println("replay: unknown option " + a + "\n" + USAGE);
                return BAD_INPUT;
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            err.println("replay: no scenario file given\n" + USAGE);
            return BAD_INPUT;
        }
        if (!bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            err.println("replay: --bootstrap must be host:port, got '" + bootstrap + "'");
            return BAD_INPUT;
        }
        List<List<ScenarioFile.Entry>> entries = new ArrayList<>();
        try {
            for (Path f : files) {
                entries.add(ScenarioFile.read(f));
            }
        } catch (ScenarioFile.BadFileException e) {
            err.println("replay: " + e.getMessage());
            return BAD_INPUT;
        }
        long now = wallClock.getAsLong();
        if (rebase != null) {
            long shift = rebase.shiftMillis(entries, now);
            entries = Rebase.apply(entries, shift);
            err.println("replay: records " + Rebase.describe(shift));
        }
        if (flinkUrl != null) {
            String refusal = refusal(entries, speed, now, flinkUrl, err);
            if (refusal != null) {
                err.println("replay: refused: " + refusal);
                return BAD_INPUT;
            }
        }
        String reachable = checkBroker(bootstrap);
        if (reachable != null) {
            err.println("replay: cannot reach Kafka at " + bootstrap + ": " + reachable);
            return KAFKA_FAILED;
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            err.printf("replay: %d file(s), %d records, speed %s, to %s%n", files.size(),
                    entries.stream().mapToInt(List::size).sum(), speed > 0 ? String.valueOf(speed) : "max", bootstrap);
            Map<String, Integer> counts = new Replayer(producer, speed, err, Replayer.SYSTEM, label(files)).replay(entries);
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            out.println("sent " + total + " records");
            counts.forEach((topic, n) -> out.printf("  %-16s %d%n", topic, n));
            return OK;
        } catch (ExecutionException e) {
            err.println("replay: " + e.getMessage());
            return KAFKA_FAILED;
        } catch (org.apache.kafka.common.KafkaException e) {
            err.println("replay: Kafka failed: " + e.getMessage());
            return KAFKA_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("replay: interrupted");
            return KAFKA_FAILED;
        }
    }

    /** Null when the running job would take every record, else why not; a job that cannot be asked is said and skipped. */
    private static String refusal(List<List<ScenarioFile.Entry>> entries, double speed, long now, String flinkUrl, PrintStream err) {
        Optional<JobClock> job;
        try {
            job = JobClock.fetch(flinkUrl);
        } catch (java.io.IOException | RuntimeException e) {
            err.println("replay: cannot ask the job at " + flinkUrl + " whether it would take these records ("
                    + e.getMessage() + "); sending unchecked");
            return null;
        }
        if (job.isEmpty()) {
            err.println("replay: no running risk job at " + flinkUrl + "; sending unchecked");
            return null;
        }
        long[] pace = new long[entries.stream().mapToInt(List::size).sum()];
        List<ScenarioFile.Entry> schedule = Replayer.schedule(entries, pace);
        String refusal = ReplayCheck.refusal(schedule, pace, speed, now, job.get());
        if (refusal == null) {
            err.println("replay: the running job (" + job.get().jobName() + ") takes these records; its event time: "
                    + job.get().describeWatermarks());
        }
        return refusal;
    }

    /** The files' names for progress lines: one name, or the first and how many more. */
    static String label(List<Path> files) {
        String first = files.get(0).getFileName().toString();
        return files.size() == 1 ? first : first + " and " + (files.size() - 1) + " more";
    }

    /** Null when the cluster answers within 10 s, else why not. */
    private static String checkBroker(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            return null;
        } catch (TimeoutException e) {
            return "no answer within 10 s";
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (org.apache.kafka.common.KafkaException e) {
            return e.getMessage();
        }
    }
}
