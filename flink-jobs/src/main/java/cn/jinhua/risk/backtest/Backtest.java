package cn.jinhua.risk.backtest;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.RiskJobOptions;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.FeedWatermarks;
import cn.jinhua.risk.jobs.feed.RecordClock;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * One pass of a backtest: the job's own topology ({@link RiskJob#topology}: validation, routing,
 * live changes, both detection jobs) on a MiniCluster in this JVM, over scenario files instead of
 * Kafka, on the records' clock. Live changes go to the topology's control input, where the job's
 * validator decides them; the feed waits ({@link FeedGate}) until every change has its verdict,
 * so the rules meet the first record with the accepted ones applied. Nothing outside the JVM is
 * touched: no topic, no API. Each pass builds its own environment; an instance holds only the
 * options, and passes run one after the other.
 */
final class Backtest {
    static final String DEAD_LETTERS = "backtest-dead-letters";
    private static final String ALERT = "A";
    private static final String VERDICT = "V";

    /** The feed: scenario files the command read and checked, and how many records they hold. */
    record Feed(List<String> files, int records) {
    }

    /**
     * What one pass produced.
     *
     * @param verdicts the job's result for each change, in order ({@code risk.control.results}' form)
     * @param alerts every alert raised, empty when a change was refused (the feed was not run)
     * @param deadLetters records and rule failures sent to the dead letters
     * @param seconds wall time of the pass, MiniCluster start-up included
     */
    record Pass(List<JsonNode> verdicts, List<Alert> alerts, long deadLetters, double seconds) {
        boolean refused() {
            return verdicts.stream().anyMatch(v -> !v.path("accepted").asBoolean());
        }
    }

    private final RiskJobOptions options;

    /** @param options parallelism, out-of-orderness, the hiker rules' parameters and the topics' names */
    Backtest(RiskJobOptions options) {
        this.options = options;
    }

    /**
     * Runs the feed with these changes (JSON lines of {@code docs/contract/control.schema.json}) over
     * this world. When a change is refused the pass stops after the verdicts.
     *
     * @throws BacktestFailed when the job fails, or a changed rule raised an alert with a version
     *     from before the change
     */
    Pass run(Feed feed, WorldSnapshot world, List<String> changes) throws Exception {
        long started = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(),
                RiskJob.clusterConfiguration(options));
        String gate = FeedGate.close();
        List<JsonNode> verdicts = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        try {
            FeedTopics topics = options.topics();
            DataStream<FeedRecord> records = env.fromSequence(0, feed.records() - 1L).setParallelism(1)
                    .name("record numbers")
                    .map(new ScenarioRecords(feed.files(), feed.records(), topics, gate)).setParallelism(1)
                    .name("scenario records");
            DataStream<FeedRecord> lostPerson = feed(records, Set.of(topics.locations(), topics.calls()),
                    RiskJob.LOST_PERSON_FEED);
            DataStream<FeedRecord> wastewater = feed(records, Set.of(topics.sensors()), RiskJob.WASTEWATER_FEED);
            DataStream<String> control = changes.isEmpty()
                    ? records.flatMap((FeedRecord r, Collector<String> out) -> { }).returns(Types.STRING).name("no changes")
                    : env.fromData(changes).setParallelism(1).name("changes");

            RiskJob.Outputs out = RiskJob.topology(lostPerson, wastewater, control, world, options);
            out.deadLetters().map(new CountDeadLetters()).name("count dead letters")
                    .sinkTo(new DiscardingSink<>()).name("dead letters counted");
            CloseableIterator<String> collected = out.alerts().map(a -> ALERT + new String(a.json(), StandardCharsets.UTF_8))
                    .name("alerts collected")
                    .union(out.controlResults().map(r -> VERDICT + r).name("verdicts collected"))
                    .collectAsync();
            JobClient job = env.executeAsync("backtest");
            if (changes.isEmpty()) {
                FeedGate.open(gate);
            }
            try (collected) {
                while (collected.hasNext()) {
                    String next = collected.next();
                    if (next.startsWith(ALERT)) {
                        alerts.add(Json.readAlert(next.substring(1).getBytes(StandardCharsets.UTF_8)));
                        continue;
                    }
                    verdicts.add(json(next.substring(1)));
                    if (verdicts.size() < changes.size()) {
                        continue;
                    }
                    if (verdicts.stream().anyMatch(v -> !v.path("accepted").asBoolean())) {
                        job.cancel().get();
                        return new Pass(verdicts, List.of(), 0, seconds(started));
                    }
                    FeedGate.open(gate);
                }
            } catch (RuntimeException e) {
                throw new BacktestFailed(rootMessage(e), e);
            }
            JobExecutionResult result = job.getJobExecutionResult().get();
            Long dead = result.getAccumulatorResult(DEAD_LETTERS);
            checkVersions(verdicts, alerts);
            return new Pass(verdicts, alerts, dead == null ? 0 : dead, seconds(started));
        } finally {
            FeedGate.remove(gate);
        }
    }

    /** One detection job's feed, with its own event time as the job's source gives it. */
    private DataStream<FeedRecord> feed(DataStream<FeedRecord> records, Set<String> topics, String name) {
        return records.filter(r -> topics.contains(r.topic())).setParallelism(1).name(name + " records")
                .assignTimestampsAndWatermarks(FeedWatermarks.strategy(options.outOfOrderness(), options.idleness(),
                        RecordClock.trustRecords()))
                .setParallelism(1).name(name + " feed");
    }

    /**
     * A changed rule's alerts must all carry the version its last change made: an older one would
     * mean a change reached the rules after the feed had started, and the comparison would not hold.
     */
    private static void checkVersions(List<JsonNode> verdicts, List<Alert> alerts) {
        Map<String, Integer> changed = new HashMap<>();
        for (JsonNode v : verdicts) {
            if (v.path("accepted").asBoolean() && v.hasNonNull("ruleId") && v.hasNonNull("ruleVersion")) {
                changed.put(v.get("ruleId").asText(), v.get("ruleVersion").asInt());
            }
        }
        for (Alert a : alerts) {
            Integer version = changed.get(a.ruleId());
            if (version != null && a.ruleVersion() != version) {
                throw new BacktestFailed("alert " + a.id() + " of " + a.ruleId() + " carries version " + a.ruleVersion()
                        + ", not " + version + ": the change reached the rules after the first record", null);
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable control result: " + text, e);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Counts what reaches the dead letters into the job's result. */
    static final class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
        private static final long serialVersionUID = 1L;
        private transient LongCounter count;

        @Override
        public void open(OpenContext openContext) {
            count = new LongCounter();
            getRuntimeContext().addAccumulator(DEAD_LETTERS, count);
        }

        @Override
        public DeadLetter map(DeadLetter d) {
            count.add(1);
            return d;
        }
    }

    /** The backtest could not run to the end; the message says why, for a person. */
    static final class BacktestFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BacktestFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
