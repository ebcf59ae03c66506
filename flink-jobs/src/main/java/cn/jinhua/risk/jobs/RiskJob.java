package cn.jinhua.risk.jobs;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedRouter;
import cn.jinhua.risk.jobs.io.AlertRecord;
import cn.jinhua.risk.jobs.io.HttpAlertSink;
import cn.jinhua.risk.jobs.io.KafkaIo;
import cn.jinhua.risk.jobs.io.KafkaRejectHandler;
import cn.jinhua.risk.jobs.lostperson.LostPersonTopology;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import cn.jinhua.risk.jobs.wastewater.WastewaterTopology;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection job: reads {@code risk.locations}, {@code risk.calls} and {@code risk.sensors}
 * (one FLIP-27 Kafka source, event time with bounded out-of-orderness and idleness), validates
 * every record once, sends rejects and late records to {@code risk.dlq}, runs the lost-person and
 * wastewater topologies and writes their alerts to {@code risk.alerts} (exactly-once, keyed by
 * incident) and, when an API URL is configured, pushes them to the dispatch API.
 *
 * <p>Run locally: {@code java -cp flink-jobs/target/risk-jobs.jar cn.jinhua.risk.jobs.RiskJob --local}
 * (see {@link RiskJobOptions#usage()}); on a cluster, submit the same jar without {@code --local}.
 */
public final class RiskJob {
    public static final String UID_SOURCE = "feeds-source";

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
        env.execute("risk-jobs");
    }

    /** A local MiniCluster with the web UI for {@code --local}, else the submitting cluster's environment. */
    public static StreamExecutionEnvironment environment(RiskJobOptions options) {
        Configuration conf = configuration(options);
        StreamExecutionEnvironment env;
        if (options.local()) {
            conf.set(RestOptions.PORT, options.webUiPort());
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        env.setParallelism(options.parallelism());
        return env;
    }

    /** Checkpointing (exactly-once, every interval, to the checkpoint directory) and object reuse. */
    public static Configuration configuration(RiskJobOptions options) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir());
        // Operators never mutate their inputs; reuse avoids copying alerts (free-form maps) between
        // chained operators.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        return conf;
    }

    /** Adds the whole job to {@code env}: sources, validation, both topologies, sinks. */
    public static void build(StreamExecutionEnvironment env, RiskJobOptions o) {
        WorldSnapshot world = o.world();
        DataStream<FeedRecord> feed = env.fromSource(
                        KafkaIo.feedSource(o.bootstrap(), o.topics(), o.groupId(), world, o.fromEarliest(), o.bounded()),
                        KafkaIo.watermarks(o.outOfOrderness(), o.idleness()), "kafka feeds")
                .uid(UID_SOURCE);
        FeedRouter.Routed routed = FeedRouter.route(feed);

        DataStream<AlertRecord> lostPerson = serialized(LostPersonTopology.apply(routed.locations(), routed.calls(),
                o.hikerParams(), world, o.topics()), "lost-person");
        DataStream<AlertRecord> alerts = lostPerson.union(serialized(
                WastewaterTopology.apply(routed.sensors(), world, WastewaterParams.defaults()), "wastewater"));

        routed.deadLetters().sinkTo(KafkaIo.deadLetterSink(o.bootstrap(), o.dlqTopic(), o.groupId() + "-dlq"))
                .name("risk.dlq").uid("dlq-sink");
        alerts.sinkTo(KafkaIo.alertSink(o.bootstrap(), o.alertsTopic(), o.groupId() + "-alerts"))
                .name("risk.alerts").uid("alerts-sink");
        if (o.apiUrl() != null) {
            alerts.keyBy(AlertRecord::incidentKey)
                    .sinkTo(new HttpAlertSink(HttpAlertSink.Config.defaults(o.apiUrl(), o.ingestToken()),
                            new KafkaRejectHandler(o.bootstrap(), o.dlqTopic())))
                    .name("POST /api/alerts").uid("api-sink");
        }
    }

    private static DataStream<AlertRecord> serialized(DataStream<Alert> alerts, String name) {
        return alerts.map(AlertRecord::of).name(name + " alerts to JSON");
    }
}
