package cn.jinhua.risk.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.RiskJobOptions;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.FeedParser;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedWatermarks;
import cn.jinhua.risk.jobs.feed.RecordClock;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import cn.jinhua.risk.replay.ScenarioFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint taken by an earlier build (kept in {@code src/test/resources/savepoints}, made by
 * {@link SavepointFixture} over the first halves of two seed stories) restores into this build:
 * fed the second halves, the job raises exactly the alerts those halves call for. The father's
 * signal-lost is due from a timer and a fix the savepoint holds; the plant's open pool-high,
 * forecast and enclosure marks keep those alerts from firing again; the sluice watch orders
 * start from the plant's state. A state type whose serializer cannot read the savepoint, or an
 * operator whose uid changed, fails this test.
 */
class SavepointRestoreIT {
    static final Path SAVEPOINTS = Path.of("src", "test", "resources", "savepoints");
    static final String P = "it-restore.";

    @TempDir
    Path checkpoints;

    @Test
    void theSavepointOfTheFirstBuildWithVersionedStateRestores() throws Exception {
        assertThat(secondHalfAlertsAfterRestoring(SAVEPOINTS.resolve("2026-12-07-first")))
                .extracting(Alert::ruleId, Alert::subjectId, Alert::eventTime)
                .containsExactlyInAnyOrder(
                        tuple("hiker.signal-lost", "d-bs-father", "2026-12-19T19:09:00+08:00"),
                        tuple("plating.enclosure-water", "wy-e03", "2026-12-18T16:01:00+08:00"),
                        tuple("plating.creek-contamination", "wy-wq-down", "2026-12-18T16:10:00+08:00"),
                        tuple("plating.sluice-not-closed", "wy-sluice-down", "2026-12-18T16:11:00+08:00"));
    }

    List<Alert> secondHalfAlertsAfterRestoring(Path savepoint) throws Exception {
        assertThat(savepoint.resolve("_metadata")).exists();
        TestKafka.createTopics(2, P + "risk.alerts", P + "risk.dlq", P + "risk.positions", P + "risk.readings");
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", TestKafka.bootstrap(), "--event-clock", "records",
                "--parallelism", "2", "--checkpoint-interval", "1", "--checkpoint-dir", checkpoints.toString(),
                "--group-id", P + "job", "--topic-alerts", P + "risk.alerts", "--topic-dlq", P + "risk.dlq",
                "--topic-positions", P + "risk.positions", "--topic-readings", P + "risk.readings"}, Map.of());
        Configuration conf = RiskJob.configuration(o);
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toAbsolutePath().toUri().toString());
        // The savepoint's Kafka sources have no counterpart here: the records come from the files.
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        WorldSnapshot world = o.world();
        FeedParser parser = new FeedParser(o.topics());
        List<FeedRecord> lostPerson = new ArrayList<>();
        List<FeedRecord> wastewater = new ArrayList<>();
        long offset = 0;
        for (ScenarioFile.Entry e : StoryHalves.half(false)) {
            FeedRecord r = parser.parse(e.topic(), 0, offset++, e.value());
            (e.topic().equals(o.topics().sensors()) ? wastewater : lostPerson).add(r);
        }
        RiskJob.build(records(env, lostPerson, "lost-person"), records(env, wastewater, "wastewater"), world, o);
        env.execute("savepoint-restore-it");
        return TestKafka.readAll(P + "risk.alerts").stream().map(r -> Json.readAlert(r.value())).toList();
    }

    static DataStream<FeedRecord> records(StreamExecutionEnvironment env, List<FeedRecord> records, String name) {
        return env.fromData(TypeInformation.of(FeedRecord.class), records.toArray(FeedRecord[]::new))
                .uid(name + "-recorded-records")
                .assignTimestampsAndWatermarks(FeedWatermarks.strategy(Duration.ofMinutes(2), Duration.ofSeconds(30),
                        RecordClock.trustRecords()))
                .uid(name + "-recorded-watermarks");
    }
}
