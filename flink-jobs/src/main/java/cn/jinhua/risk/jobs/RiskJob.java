package cn.jinhua.risk.jobs;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.changes.ChangeDecider;
import cn.jinhua.risk.jobs.changes.LiveChangesTopology;
import cn.jinhua.risk.jobs.alert.Detections;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedRouter;
import cn.jinhua.risk.jobs.io.AlertRecord;
import cn.jinhua.risk.jobs.io.AlertsToJson;
import cn.jinhua.risk.jobs.io.HttpAlertSink;
import cn.jinhua.risk.jobs.io.KafkaIo;
import cn.jinhua.risk.jobs.io.KafkaRejectHandler;
import cn.jinhua.risk.jobs.lostperson.LostPersonTopology;
import cn.jinhua.risk.jobs.metrics.BoundPrometheusReporterFactory;
import cn.jinhua.risk.jobs.telemetry.TelemetryTopology;
import cn.jinhua.risk.jobs.wastewater.RoutedReading;
import cn.jinhua.risk.jobs.wastewater.SensorRouter;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import cn.jinhua.risk.jobs.wastewater.WastewaterTopology;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.feed.FeedWatermarks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection job: reads {@code risk.locations}, {@code risk.calls} and {@code risk.sensors}
 * (one FLIP-27 Kafka source, event time with bounded out-of-orderness and idleness), validates
 * every record once, sends rejects and late records to {@code risk.dlq}, runs the lost-person and
 * wastewater topologies and writes their alerts to {@code risk.alerts} (exactly-once, keyed by
 * incident) and, when an API URL is configured, pushes them to the dispatch API. For the screens it also
 * publishes each device's last position and downsampled sensor readings ({@code risk.positions},
 * {@code risk.readings}). Live rule changes come from {@code risk.control}; each one's result goes
 * to {@code risk.control.results} ({@code docs/rules.md} "Changing rules live").
 *
 * <p>Run locally: {@code java -cp flink-jobs/target/risk-jobs.jar cn.jinhua.risk.jobs.RiskJob --local}
 * (see {@link RiskJobOptions#usage()}); on a cluster, submit the same jar without {@code --local}.
 */
public final class RiskJob {
    private static final Logger LOG = LoggerFactory.getLogger(RiskJob.class);
    public static final String UID_LOST_PERSON_SOURCE = "lost-person-feed-source";
    public static final String UID_WASTEWATER_SOURCE = "wastewater-feed-source";
    /** Every job name starts with this; {@code ./risk} and the replay command find the job by it. */
    public static final String NAME = "risk-jobs";
    /** The feeds' names: each detection job reads its own source. */
    public static final String LOST_PERSON_FEED = "lost-person";
    public static final String WASTEWATER_FEED = "wastewater";
    /**
     * The longest a record waits in a network buffer that is not full before it is sent on. Flink's
     * default, 100 ms, is paid at every exchange: an alert crosses two on its way to the API (to its
     * rule operator, to the HTTP writer of its incident). Full buffers still go at once, so batching
     * under load stays.
     */
    public static final Duration NETWORK_BUFFER_TIMEOUT = Duration.ofMillis(5);

    private RiskJob() {
    }

    public static void main(String[] args) throws Exception {
        RiskJobOptions options;
        try {
            options = RiskJobOptions.parse(args, System.getenv());
        } catch (RiskJobOptions.HelpRequested h) {
            System.out.println(h.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("risk-jobs: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = environment(options);
        build(env, options);
        if (!options.local()) {
            env.execute(name(options));
            return;
        }
        runLocally(env, options);
    }

    /** The job's name says which clock it trusts ({@code ./risk status} and the web UI show it). */
    public static String name(RiskJobOptions o) {
        return NAME + " (" + o.recordClock().describe() + ")";
    }

    /**
     * Runs on the local MiniCluster, which ends with the job. A job that fails for good (its restart
     * attempts used up) is logged with its exception, and its reason is written to the status file
     * ({@code --status-file}) before the process exits with 1, so that {@code ./risk status} can say
     * why; {@code ./risk up} starts it again from its latest retained checkpoint.
     */
    private static void runLocally(StreamExecutionEnvironment env, RiskJobOptions o) throws Exception {
        JobClient client = env.executeAsync(name(o));
        String started = "job " + client.getJobID() + " started (" + o.recordClock().describe() + ")"
                + (o.restorePath() == null ? ", fresh state" : ", restored from " + o.restorePath());
        LOG.info(started);
        writeStatus(o, "RUNNING " + started);
        try {
            JobExecutionResult result = client.getJobExecutionResult().get();
            LOG.info("job {} ended after {} ms", result.getJobID(), result.getNetRuntime());
            writeStatus(o, "ENDED job " + result.getJobID() + " at " + IsoTimes.format(System.currentTimeMillis()));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable root = ExceptionUtils.stripExecutionException(e);
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            LOG.error("job {} FAILED after its restart attempts: {}", client.getJobID(), root.toString(), e);
            writeStatus(o, "FAILED at " + IsoTimes.format(System.currentTimeMillis()) + ": " + root);
            System.exit(1);
        }
    }

    private static void writeStatus(RiskJobOptions o, String line) {
        if (o.statusFile() == null) {
            return;
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(o.statusFile()), line.replace('\n', ' ') + "\n");
        } catch (java.io.IOException e) {
            LOG.warn("cannot write the status file {}: {}", o.statusFile(), e.toString());
        }
    }

    /**
     * A local MiniCluster with the web UI for {@code --local} ({@link #configuration}), else the
     * cluster's environment, whose configuration owns parallelism, checkpointing, the state backend
     * and the restart strategy ({@link #clusterConfiguration}).
     *
     * @throws IllegalStateException when the cluster's configuration enables no checkpointing:
     *     {@code risk.alerts} and {@code risk.dlq} commit their transactions on checkpoints
     */
    public static StreamExecutionEnvironment environment(RiskJobOptions options) {
        StreamExecutionEnvironment env;
        if (options.local()) {
            Configuration conf = configuration(options);
            conf.set(RestOptions.PORT, options.webUiPort());
            conf.set(RestOptions.BIND_ADDRESS, options.webUiBind());
            // The web UI takes no jar (an upload would run its code in this JVM) and shows no cancel
            // button; stopping with a savepoint (./risk down) and cancelling stay REST calls, for
            // callers that reach the bind address.
            conf.set(WebOptions.SUBMIT_ENABLE, false);
            conf.set(WebOptions.CANCEL_ENABLE, false);
            // The REST API serves metrics from a cache; the replay command and ./risk status read the
            // routers' watermarks from it, so keep it fresh (Flink's default is 10 s).
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
            env.setParallelism(options.parallelism());
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(clusterConfiguration(options));
            if (options.isGiven("parallelism")) {
                env.setParallelism(options.parallelism());
            }
            if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
                throw new IllegalStateException("the cluster's configuration enables no checkpointing: set"
                        + " execution.checkpointing.interval (risk.alerts and risk.dlq commit on checkpoints)");
            }
        }
        // The replay command reads these to refuse files the job would drop (docs/feeds.md).
        env.getConfig().setGlobalJobParameters(Configuration.fromMap(Map.of(
                "risk.event-clock", options.recordClock().live() ? "live" : "records",
                "risk.max-future-skew-ms", String.valueOf(options.recordClock().maxFutureSkewMillis()),
                "risk.out-of-orderness-ms", String.valueOf(options.outOfOrderness().toMillis()),
                "risk.feed." + LOST_PERSON_FEED, options.topics().locations() + "," + options.topics().calls(),
                "risk.feed." + WASTEWATER_FEED, options.topics().sensors())));
        return env;
    }

    /**
     * The local MiniCluster's configuration ({@code --local}, and the tests' MiniClusters):
     * checkpointing (exactly-once, every interval, to the checkpoint directory, retained when the job
     * is cancelled or fails so that a restart can resume from it), a bounded restart strategy
     * (exponential delay with a maximum number of attempts: a failure that keeps coming back ends as
     * FAILED with its reason, not as a silent loop), the Prometheus reporter when a metrics port is
     * given (listening where the web UI does), and what every run needs ({@link #clusterConfiguration}).
     */
    public static Configuration configuration(RiskJobOptions options) {
        Configuration conf = clusterConfiguration(options);
        checkpointing(conf, options);
        restartStrategy(conf, options);
        if (options.metricsPort() != null) {
            conf.set(ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue(),
                    BoundPrometheusReporterFactory.class.getName());
            conf.set(ConfigOptions.key("metrics.reporter.prom." + BoundPrometheusReporterFactory.PORT).stringType().noDefaultValue(),
                    String.valueOf(options.metricsPort()));
            conf.set(ConfigOptions.key("metrics.reporter.prom." + BoundPrometheusReporterFactory.HOST).stringType().noDefaultValue(),
                    options.webUiBind());
        }
        return conf;
    }

    /**
     * What the job sets on a cluster: the state to restore, object reuse, short network buffer
     * timeouts ({@link #NETWORK_BUFFER_TIMEOUT}), and only those of
     * checkpointing and the restart strategy that were given as options; the rest is the cluster's.
     */
    public static Configuration clusterConfiguration(RiskJobOptions options) {
        Configuration conf = new Configuration();
        if (options.isGiven("checkpoint-dir") || options.isGiven("checkpoint-interval")) {
            checkpointing(conf, options);
        }
        if (options.isGiven("restart-attempts")) {
            restartStrategy(conf, options);
        }
        if (options.restorePath() != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, options.restorePath());
        }
        // Operators never mutate their inputs; reuse avoids copying alerts (free-form maps) between
        // chained operators.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, NETWORK_BUFFER_TIMEOUT);
        return conf;
    }

    private static void checkpointing(Configuration conf, RiskJobOptions options) {
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    private static void restartStrategy(Configuration conf, RiskJobOptions options) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        // Attempts are counted until the job has run this long without failing, then start again.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofMinutes(10));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, options.restartAttempts());
    }

    /**
     * Adds the whole job to {@code env}: one source per detection job (the lost-person job reads
     * locations and calls, the wastewater job reads sensors, so neither's input can hold back the
     * other's event time), validation, both topologies, sinks.
     */
    public static void build(StreamExecutionEnvironment env, RiskJobOptions o) {
        WorldSnapshot world = o.world();
        DataStream<FeedRecord> lostPerson = feed(env, o, List.of(o.topics().locations(), o.topics().calls()),
                LOST_PERSON_FEED, UID_LOST_PERSON_SOURCE);
        DataStream<FeedRecord> wastewater = feed(env, o, List.of(o.topics().sensors()), WASTEWATER_FEED,
                UID_WASTEWATER_SOURCE);
        if (o.bounded() && !KafkaIo.topicExists(o.bootstrap(), o.control().changesTopic())) {
            build(lostPerson, wastewater, world, o);
            return;
        }
        build(lostPerson, wastewater, env.fromSource(KafkaIo.controlSource(o.bootstrap(), o.control().changesTopic(),
                o.groupId() + "-control", o.bounded()), WatermarkStrategy.noWatermarks(), "risk.control")
                .uid("control-source"), world, o);
    }

    /**
     * Everything after the sources, without live changes: the feeds (parsed records with
     * event-time timestamps and watermarks) routed, both topologies, sinks. Tests feed recorded
     * streams through it; the job ends when they do.
     */
    public static void build(DataStream<FeedRecord> lostPersonRecords, DataStream<FeedRecord> wastewaterRecords,
                             WorldSnapshot world, RiskJobOptions o) {
        DataStream<String> noChanges = lostPersonRecords
                .flatMap((FeedRecord r, Collector<String> out) -> { })
                .returns(Types.STRING).name("no live changes");
        build(lostPersonRecords, wastewaterRecords, noChanges, world, o);
    }

    /**
     * Everything after the sources: the feeds routed, the live changes ({@code risk.control}, as
     * text) validated, both topologies, sinks.
     */
    public static void build(DataStream<FeedRecord> lostPersonRecords, DataStream<FeedRecord> wastewaterRecords,
                             DataStream<String> controlChanges, WorldSnapshot world, RiskJobOptions o) {
        Outputs out = topology(lostPersonRecords, wastewaterRecords, controlChanges, world, o);
        out.controlResults().sinkTo(KafkaIo.controlResultSink(o.bootstrap(), o.control().resultsTopic()))
                .name(o.control().resultsTopic()).uid("control-results-sink").setParallelism(1);
        out.deadLetters().sinkTo(KafkaIo.deadLetterSink(o.bootstrap(), o.dlqTopic(), o.groupId() + "-dlq"))
                .name("risk.dlq").uid("dlq-sink");
        out.alerts().sinkTo(KafkaIo.alertSink(o.bootstrap(), o.alertsTopic(), o.groupId() + "-alerts"))
                .name("risk.alerts").uid("alerts-sink");
        out.telemetry().positions().sinkTo(KafkaIo.positionSink(o.bootstrap(), o.telemetry().positionsTopic()))
                .name(o.telemetry().positionsTopic()).uid("positions-sink");
        out.telemetry().readings().sinkTo(KafkaIo.readingSink(o.bootstrap(), o.telemetry().readingsTopic()))
                .name(o.telemetry().readingsTopic()).uid("readings-sink");
        if (o.apiUrl() != null) {
            out.alerts().keyBy(AlertRecord::incidentKey)
                    .sinkTo(new HttpAlertSink(HttpAlertSink.Config.defaults(o.apiUrl(), o.ingestToken())
                                    .withLimits(o.apiMaxAlertBytes(), (long) o.apiBufferMb() << 20),
                            new KafkaRejectHandler(o.bootstrap(), o.dlqTopic())))
                    .name("POST /api/alerts").uid("api-sink");
        }
    }

    /**
     * What the job writes, before its sinks.
     *
     * @param alerts every alert as its JSON, as {@code risk.alerts} and the API receive it
     * @param deadLetters rejects, late records and rule failures, as {@code risk.dlq} receives them
     * @param controlResults one result per live change, as JSON ({@code risk.control.results})
     * @param telemetry positions and readings for the screens
     */
    public record Outputs(DataStream<AlertRecord> alerts, DataStream<DeadLetter> deadLetters,
                          DataStream<String> controlResults, TelemetryTopology.Telemetry telemetry) {
    }

    /**
     * The whole topology without sources or sinks: the feeds (parsed records with event-time
     * timestamps and watermarks) routed, the live changes validated, both topologies. The job
     * sinks its outputs to Kafka and the API ({@link #build}); the backtest
     * ({@code cn.jinhua.risk.backtest}) collects them.
     */
    public static Outputs topology(DataStream<FeedRecord> lostPersonRecords, DataStream<FeedRecord> wastewaterRecords,
                                   DataStream<String> controlChanges, WorldSnapshot world, RiskJobOptions o) {
        FeedRouter.Routed lostPersonFeed = FeedRouter.route(lostPersonRecords, LOST_PERSON_FEED);
        FeedRouter.Routed wastewaterFeed = FeedRouter.route(wastewaterRecords, WASTEWATER_FEED);

        WastewaterParams wastewaterParams = WastewaterParams.defaults().withOutOfOrderness(o.outOfOrderness());
        ChangeDecider decider = new ChangeDecider(o.hikerParams(), wastewaterParams, world);
        LiveChangesTopology.Live live = LiveChangesTopology.apply(controlChanges, decider.initial(), decider);
        SensorRouter.Routed readings = SensorRouter.route(wastewaterFeed.sensors(), live.rules(), world);
        Detections lostPerson = LostPersonTopology.apply(lostPersonFeed.locations(), lostPersonFeed.calls(), live.rules(),
                o.hikerParams(), world, o.topics());
        Detections wastewater = WastewaterTopology.apply(readings, live.rules(), world, wastewaterParams,
                o.topics().sensors());
        DataStream<AlertRecord> alerts = serialized(lostPerson.alerts(), "lost-person", o)
                .union(serialized(wastewater.alerts(), "wastewater", o));
        DataStream<DeadLetter> deadLetters = lostPersonFeed.deadLetters().union(wastewaterFeed.deadLetters(),
                readings.deadLetters(), lostPerson.deadLetters(), wastewater.deadLetters());
        TelemetryTopology.Telemetry telemetry = TelemetryTopology.apply(lostPersonFeed.locations(),
                readings.readings().map(RoutedReading::reading).name("checked readings"),
                o.telemetry().positionInterval(), o.telemetry().readingInterval());
        return new Outputs(alerts, deadLetters, live.results(), telemetry);
    }

    private static DataStream<FeedRecord> feed(StreamExecutionEnvironment env, RiskJobOptions o, List<String> topics,
                                               String name, String uid) {
        return env.fromSource(KafkaIo.feedSource(o.bootstrap(), o.topics(), topics, o.groupId(), o.recordClock(),
                                o.fromEarliest(), o.bounded()),
                        FeedWatermarks.strategy(o.outOfOrderness(), o.idleness(), o.recordClock()), name + " feeds")
                .uid(uid);
    }

    private static DataStream<AlertRecord> serialized(DataStream<Alert> alerts, String name, RiskJobOptions o) {
        return alerts.map(new AlertsToJson(o.apiMaxAlertBytes())).name(name + " alerts to JSON");
    }
}
