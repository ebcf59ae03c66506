package cn.jinhua.risk.backtest;

import cn.jinhua.risk.jobs.feed.FeedParser;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.replay.Replayer;
import cn.jinhua.risk.replay.ScenarioFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * The backtest's feed: record number {@code i} of the scenario files, merged by time as a replay
 * sends them ({@link Replayer#schedule}), parsed and validated by the job's own parser on the
 * records' clock, as the job's Kafka source does (a bad record becomes a reject, which the router
 * sends to the dead letters). The files are read in {@link #open}, on the task, so that the job
 * graph carries their names and not their records; the feed then waits for its {@link FeedGate}.
 * One instance per subtask; run it at parallelism 1, after a sequence source of
 * {@link #expected} numbers.
 */
final class ScenarioRecords extends RichMapFunction<Long, FeedRecord> {
    private static final long serialVersionUID = 1L;

    private final List<String> files;
    private final int expected;
    private final FeedTopics topics;
    private final String gate;
    private transient List<ScenarioFile.Entry> entries;
    private transient FeedParser parser;

    /**
     * @param files the scenario files, as the command checked them
     * @param expected how many records the command read in them
     * @param gate the {@link FeedGate} to wait for before the first record
     */
    ScenarioRecords(List<String> files, int expected, FeedTopics topics, String gate) {
        this.files = List.copyOf(files);
        this.expected = expected;
        this.topics = topics;
        this.gate = gate;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        List<List<ScenarioFile.Entry>> read = new ArrayList<>();
        for (String f : files) {
            read.add(ScenarioFile.read(Path.of(f)));
        }
        entries = Replayer.schedule(read, null);
        if (entries.size() != expected) {
            throw new IllegalStateException("the feed files changed during the backtest: " + expected
                    + " records read before it started, " + entries.size() + " now");
        }
        parser = new FeedParser(topics);
        FeedGate.await(gate);
    }

    @Override
    public FeedRecord map(Long i) {
        ScenarioFile.Entry e = entries.get(i.intValue());
        return parser.parse(e.topic(), 0, i, e.value());
    }
}
