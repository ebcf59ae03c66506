package cn.jinhua.risk.jobs;

import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import cn.jinhua.risk.jobs.feed.RecordClock;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The job's options, from command-line arguments ({@code --name value} or {@code --name=value},
 * parsed by picocli from the table {@link #KNOWN}) with environment-variable fallbacks (README names
 * them) and defaults. The lost-person job settings are passed as {@code --hiker.<name> value}; the
 * search rings also from {@link #HIKER_ENV}, which the API reads too. Immutable once
 * parsed; {@link #parse} throws {@link IllegalArgumentException} with a message fit for the user on
 * any bad option.
 *
 * <p>Parallelism, checkpointing and the restart strategy belong to the cluster's configuration: on
 * a cluster the job sets them only when they were {@linkplain #isGiven given} (on the command line
 * or through their environment variable); their defaults here are the local MiniCluster's.
 */
public record RiskJobOptions(boolean local, int webUiPort, String webUiBind, String bootstrap, FeedTopics topics, String alertsTopic,
                             String dlqTopic, String groupId, String checkpointDir, Duration checkpointInterval,
                             String worldDir, String apiUrl, String ingestToken, int parallelism,
                             Duration outOfOrderness, Duration idleness, boolean fromEarliest,
                             boolean bounded, HikerRuleParams hikerParams, RecordClock recordClock,
                             String restorePath, int restartAttempts, String statusFile, Integer metricsPort,
                             Telemetry telemetry, int apiMaxAlertBytes, int apiBufferMb, Set<String> given,
                             Control control) {

    /**
     * Where live changes come from and their results go ({@code docs/rules.md} "Changing rules live").
     *
     * @param changesTopic the changes, read from the start on a fresh job (its state holds the rest)
     * @param resultsTopic one result per change
     */
    public record Control(String changesTopic, String resultsTopic) implements java.io.Serializable {
    }

    /**
     * What the job publishes for the screens ({@code docs/feeds.md} "What the job publishes").
     *
     * @param positionsTopic each device's last position, throttled per device
     * @param readingsTopic sensor readings, downsampled per sensor
     * @param positionInterval at most one position per device and interval of event time
     * @param readingInterval at most one reading per sensor and interval of event time
     */
    public record Telemetry(String positionsTopic, String readingsTopic, Duration positionInterval,
                            Duration readingInterval) implements java.io.Serializable {
    }

    /** Name → (environment variable or null, description). */
    static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("local", new String[] {null, "run on a local MiniCluster with the Flink web UI (flag)"});
        KNOWN.put("web-ui-port", new String[] {"RISK_FLINK_UI_PORT", "web UI port with --local (default 8081)"});
        KNOWN.put("web-ui-bind", new String[] {"RISK_FLINK_UI_BIND", "address the web UI and REST API listen on with --local"
                + " (default 127.0.0.1; 0.0.0.0 for every interface)"});
        KNOWN.put("bootstrap", new String[] {"RISK_KAFKA_BOOTSTRAP", "Kafka bootstrap servers (default localhost:9092)"});
        KNOWN.put("topic-locations", new String[] {null, "default risk.locations"});
        KNOWN.put("topic-calls", new String[] {null, "default risk.calls"});
        KNOWN.put("topic-sensors", new String[] {null, "default risk.sensors"});
        KNOWN.put("topic-alerts", new String[] {null, "default risk.alerts"});
        KNOWN.put("topic-dlq", new String[] {null, "default risk.dlq"});
        KNOWN.put("topic-positions", new String[] {null, "devices' last positions for the screens (default risk.positions)"});
        KNOWN.put("topic-readings", new String[] {null, "downsampled sensor readings for the screens (default risk.readings)"});
        KNOWN.put("topic-control", new String[] {null, "live rule changes (default risk.control)"});
        KNOWN.put("topic-control-results", new String[] {null, "their results (default risk.control.results)"});
        KNOWN.put("positions-interval", new String[] {null, "seconds of event time between two positions of a device (default 10)"});
        KNOWN.put("readings-interval", new String[] {null, "seconds of event time between two readings of a sensor (default 30)"});
        KNOWN.put("group-id", new String[] {"RISK_GROUP_ID", "consumer group (default risk-jobs)"});
        KNOWN.put("checkpoint-dir", new String[] {"RISK_CHECKPOINT_DIR", "checkpoint storage URI or path (default with --local:"
                + " <tmp>/risk-checkpoints; on a cluster: its execution.checkpointing.dir)"});
        KNOWN.put("checkpoint-interval", new String[] {null, "seconds between checkpoints (default with --local: 10; on a"
                + " cluster: its execution.checkpointing.interval)"});
        KNOWN.put("world-dir", new String[] {"RISK_WORLD_DIR", "directory of world GeoJSON files, also --world (default: the packaged world)"});
        KNOWN.put("api-url", new String[] {"RISK_API_URL", "dispatch API base URL; alerts are pushed there when set"});
        KNOWN.put("ingest-token", new String[] {"RISK_INGEST_TOKEN", "bearer token of the INGEST role for the API"});
        KNOWN.put("api-max-alert-bytes", new String[] {"RISK_API_MAX_ALERT_BYTES", "the largest alert the API takes (its"
                + " risk.ingest.max-alert-bytes): larger alerts are trimmed, on risk.alerts too (default 262144)"});
        KNOWN.put("api-buffer-mb", new String[] {null, "alerts waiting for the API, in MB, beyond which the job is held"
                + " up until it takes some (default 64)"});
        KNOWN.put("parallelism", new String[] {"RISK_PARALLELISM", "job parallelism (default with --local: 2; on a cluster:"
                + " its parallelism.default)"});
        KNOWN.put("out-of-orderness", new String[] {null, "seconds of allowed out-of-orderness (default 120)"});
        KNOWN.put("idleness", new String[] {null, "seconds after which a silent partition is idle (default 30)"});
        KNOWN.put("event-clock", new String[] {"RISK_EVENT_CLOCK", "live (default): records stamped more than --max-future-skew"
                + " ahead of the wall clock are refused as future and event time never runs ahead of the wall clock;"
                + " records: trust the records' times (replays of recorded or accelerated feeds, never beside live data)"});
        KNOWN.put("max-future-skew", new String[] {"RISK_MAX_FUTURE_SKEW", "seconds a record may be stamped ahead of the"
                + " job's wall clock with --event-clock live (default 600)"});
        KNOWN.put("restore", new String[] {"RISK_RESTORE_FROM", "start from this retained checkpoint or savepoint"
                + " (a chk-N or savepoint-... folder, or its _metadata file)"});
        KNOWN.put("status-file", new String[] {"RISK_JOB_STATUS_FILE", "with --local: a file that says whether the job"
                + " runs, ended, or FAILED and why (read by ./risk status)"});
        KNOWN.put("restart-attempts", new String[] {null, "restarts after failures before the job gives up as FAILED"
                + " (exponential delay 1 s .. 1 min; default with --local: 10; on a cluster: its restart-strategy)"});
        KNOWN.put("metrics-port", new String[] {"RISK_JOB_METRICS_PORT", "with --local: serve the job's metrics to"
                + " Prometheus on this port, on the web UI's address (default: no reporter; on a cluster: its metrics.reporter.* settings)"});
        KNOWN.put("from-earliest", new String[] {null, "ignore committed offsets and read every topic from the start (flag)"});
        KNOWN.put("bounded", new String[] {null, "stop at the end offsets found at start, e.g. to process a replay and exit (flag)"});
        KNOWN.put("help", new String[] {null, "print this help (flag)"});
    }

    private static final Set<String> FLAGS = Set.of("local", "from-earliest", "bounded", "help");

    /** Thrown for {@code --help}: not an error, the usage goes to stdout. */
    public static final class HelpRequested extends RuntimeException {
        public HelpRequested() {
            super(usage(), null, false, false);
        }
    }

    /**
     * The job settings also read from the environment (the option wins): the search rings, which
     * the API draws from the same variables so that its rings are the alerts' rings.
     */
    public static final Map<String, String> HIKER_ENV = Map.of("hiker.searchRadiiKm", "RISK_SEARCH_RADII_KM",
            "hiker.searchWalkingKmh", "RISK_SEARCH_WALKING_KMH");

    public static RiskJobOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> given = commandLine(args);
        if (given.containsKey("help")) {
            throw new HelpRequested();
        }
        Map<String, String> hiker = new TreeMap<>();
        HIKER_ENV.forEach((option, envName) -> {
            String v = env.get(envName);
            if (v != null && !v.isBlank()) {
                hiker.put(option, v.trim());
            }
        });
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().startsWith("hiker.")) {
                hiker.put(e.getKey(), e.getValue());
            }
        }
        java.util.function.BiFunction<String, String, String> get = (name, def) -> {
            String v = given.get(name);
            String envName = KNOWN.get(name)[0];
            if (v == null && envName != null) {
                v = env.get(envName);
            }
            return v == null || v.isBlank() ? def : v.trim();
        };
        Set<String> set = new TreeSet<>(given.keySet());
        KNOWN.forEach((name, spec) -> {
            if (spec[0] != null && env.get(spec[0]) != null && !env.get(spec[0]).isBlank()) {
                set.add(name);
            }
        });
        boolean local = Boolean.parseBoolean(get.apply("local", "false"));
        int port = integer("web-ui-port", get.apply("web-ui-port", "8081"), 0, 65535);
        String bind = get.apply("web-ui-bind", "127.0.0.1");
        if (!bind.matches("[A-Za-z0-9.:-]+")) {
            throw new IllegalArgumentException("--web-ui-bind must be a host name or an IP address, got '" + bind + "'");
        }
        String bootstrap = get.apply("bootstrap", "localhost:9092");
        if (!bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException("--bootstrap must be host:port[,host:port...], got '" + bootstrap + "'");
        }
        FeedTopics topics = new FeedTopics(get.apply("topic-locations", "risk.locations"),
                get.apply("topic-calls", "risk.calls"), get.apply("topic-sensors", "risk.sensors"));
        String apiUrl = get.apply("api-url", null);
        if (apiUrl != null) {
            try {
                URI u = URI.create(apiUrl);
                if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--api-url must be an http(s) URL such as http://localhost:8080, got '" + apiUrl + "'");
            }
        }
        String token = get.apply("ingest-token", null);
        if (apiUrl != null && token == null) {
            throw new IllegalArgumentException("--api-url needs --ingest-token (or RISK_INGEST_TOKEN): the API accepts alerts only from the INGEST role");
        }
        String worldDir = get.apply("world-dir", null);
        if (worldDir != null && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(worldDir))) {
            throw new IllegalArgumentException("--world-dir " + worldDir + " is not a directory");
        }
        String checkpointDir = get.apply("checkpoint-dir",
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "risk-checkpoints").toUri().toString());
        if (!checkpointDir.contains("://")) {
            checkpointDir = java.nio.file.Path.of(checkpointDir).toAbsolutePath().toUri().toString();
        }
        HikerRuleParams params = HikerRuleParams.defaults().withOverrides(hiker);
        String clockName = get.apply("event-clock", "live");
        Duration skew = Duration.ofSeconds(integer("max-future-skew", get.apply("max-future-skew",
                String.valueOf(RecordClock.DEFAULT_MAX_FUTURE_SKEW.toSeconds())), 0, 31 * 86_400));
        RecordClock clock = switch (clockName) {
            case "live" -> RecordClock.live(skew);
            case "records" -> RecordClock.trustRecords();
            default -> throw new IllegalArgumentException("--event-clock must be live or records, got '" + clockName + "'");
        };
        String metrics = get.apply("metrics-port", null);
        Integer metricsPort = metrics == null ? null : integer("metrics-port", metrics, 1, 65535);
        String restore = get.apply("restore", null);
        if (restore != null) {
            java.nio.file.Path r = java.nio.file.Path.of(restore.startsWith("file:") ? URI.create(restore).getPath() : restore);
            if (!java.nio.file.Files.exists(r)) {
                throw new IllegalArgumentException("--restore " + restore + " does not exist");
            }
            java.nio.file.Path metadata = java.nio.file.Files.isDirectory(r) ? r.resolve("_metadata") : r;
            if (!java.nio.file.Files.isRegularFile(metadata) || !metadata.getFileName().toString().equals("_metadata")) {
                throw new IllegalArgumentException("--restore " + restore
                        + " is not a completed checkpoint or savepoint (no _metadata file)");
            }
            restore = metadata.getParent().toAbsolutePath().toUri().toString();
        }
        return new RiskJobOptions(local, port, bind, bootstrap, topics, get.apply("topic-alerts", "risk.alerts"),
                get.apply("topic-dlq", "risk.dlq"), get.apply("group-id", "risk-jobs"), checkpointDir,
                Duration.ofSeconds(integer("checkpoint-interval", get.apply("checkpoint-interval", "10"), 1, 3600)),
                worldDir, apiUrl, token, integer("parallelism", get.apply("parallelism", "2"), 1, 1024),
                Duration.ofSeconds(integer("out-of-orderness", get.apply("out-of-orderness", "120"), 0, 86_400)),
                Duration.ofSeconds(integer("idleness", get.apply("idleness", "30"), 1, 86_400)),
                Boolean.parseBoolean(get.apply("from-earliest", "false")),
                Boolean.parseBoolean(get.apply("bounded", "false")), params, clock, restore,
                integer("restart-attempts", get.apply("restart-attempts", "10"), 0, 1000), get.apply("status-file", null),
                metricsPort,
                new Telemetry(get.apply("topic-positions", "risk.positions"), get.apply("topic-readings", "risk.readings"),
                        Duration.ofSeconds(integer("positions-interval", get.apply("positions-interval", "10"), 1, 3600)),
                        Duration.ofSeconds(integer("readings-interval", get.apply("readings-interval", "30"), 1, 3600))),
                integer("api-max-alert-bytes", get.apply("api-max-alert-bytes", "262144"), 4096, 64 << 20),
                integer("api-buffer-mb", get.apply("api-buffer-mb", "64"), 1, 4096),
                Set.copyOf(set),
                new Control(get.apply("topic-control", "risk.control"), get.apply("topic-control-results", "risk.control.results")));
    }

    /**
     * The command line as option name → value (flags "true"), parsed by picocli from the options
     * {@link #KNOWN} and {@link HikerRuleParams#OPTIONS} declare; a repeated option's last value wins.
     */
    private static Map<String, String> commandLine(String[] args) {
        CommandLine cli = new CommandLine(commandSpec());
        cli.setOverwrittenOptionsAllowed(true);
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            String first = e.getUnmatched().get(0);
            if (first.startsWith("--") && first.length() > 2) {
                String name = first.substring(2);
                String ruleParameter = HikerRuleParams.ruleParameterOption(name.contains("=") ? name.substring(0, name.indexOf('=')) : name);
                if (ruleParameter != null) {
                    throw new IllegalArgumentException(ruleParameter);
                }
                throw new IllegalArgumentException("unknown option --" + (name.contains("=") ? name.substring(0, name.indexOf('=')) : name)
                        + "\n" + usage());
            }
            throw new IllegalArgumentException("unexpected argument '" + first + "' (options look like --name value)");
        } catch (MissingParameterException e) {
            throw new IllegalArgumentException("option " + ((OptionSpec) e.getMissing().get(0)).longestName() + " needs a value");
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Map<String, String> given = new TreeMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            given.put(o.longestName().substring(2), String.valueOf((Object) o.getValue()));
        }
        return given;
    }

    private static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create().name("RiskJob");
        spec.usageMessage().synopsisHeading("").customSynopsis("usage: java -cp risk-jobs.jar cn.jinhua.risk.jobs.RiskJob [options]")
                .width(120).sortOptions(false);
        KNOWN.forEach((name, about) -> {
            String[] names = name.equals("world-dir") ? new String[] {"--world-dir", "--world"} : new String[] {"--" + name};
            OptionSpec.Builder option = OptionSpec.builder(names)
                    .description(about[1] + (about[0] == null ? "" : " [env " + about[0] + "]"));
            if (FLAGS.contains(name)) {
                option.type(boolean.class).arity("0..1").paramLabel("true|false");
            } else {
                option.type(String.class).arity("1").paramLabel("<" + name + ">");
            }
            spec.addOption(option.build());
        });
        new TreeMap<>(HikerRuleParams.OPTIONS).forEach((name, about) -> spec.addOption(
                OptionSpec.builder("--" + name).type(String.class).arity("1").paramLabel("<value>")
                        .description(about + (HIKER_ENV.containsKey(name) ? " [env " + HIKER_ENV.get(name) + "]" : "")).build()));
        return spec;
    }

    private static int integer(String name, String v, int min, int max) {
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", got " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, got '" + v + "'");
        }
    }

    public static String usage() {
        return new CommandLine(commandSpec()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** The same options with another record clock (a job that replays a recorded day with its wall clock pinned). */
    public RiskJobOptions withRecordClock(RecordClock clock) {
        return new RiskJobOptions(local, webUiPort, webUiBind, bootstrap, topics, alertsTopic, dlqTopic, groupId, checkpointDir,
                checkpointInterval, worldDir, apiUrl, ingestToken, parallelism, outOfOrderness, idleness, fromEarliest,
                bounded, hikerParams, clock, restorePath, restartAttempts, statusFile, metricsPort, telemetry,
                apiMaxAlertBytes, apiBufferMb, given, control);
    }

    /** Whether the option was set on the command line or through its environment variable, not defaulted. */
    public boolean isGiven(String option) {
        return given.contains(option);
    }

    /** Loads the world the options name (on the client), to ship it inside the job graph. */
    public WorldSnapshot world() {
        return WorldSnapshot.load(worldDir);
    }
}
