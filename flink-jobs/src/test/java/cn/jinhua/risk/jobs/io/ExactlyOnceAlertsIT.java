package cn.jinhua.risk.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.RiskJobOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's alert sink ({@link KafkaIo#alertSink}) with the job's checkpoint settings
 * ({@link RiskJob#configuration}) keeps exactly-once through a failure: an operator fails once,
 * mid-stream, after a checkpoint completed and after alerts of the next checkpoint went to Kafka;
 * Flink restarts the job from the checkpoint and the source replays what followed it. Read with
 * read_committed, {@code risk.alerts} holds every alert exactly once. (An at-least-once sink shows
 * the replayed alerts twice here.)
 */
class ExactlyOnceAlertsIT {
    static final int ALERTS = 3_000;
    static final String TOPIC = "it-exactly-once.risk.alerts";
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong SINCE_CHECKPOINT = new AtomicLong();

    @TempDir
    Path checkpoints;

    /** Passes alerts on slowly; fails once when a checkpoint has completed and 200 alerts have passed since. */
    static final class FailOnceAfterACheckpoint implements MapFunction<AlertRecord, AlertRecord>, CheckpointListener {
        @Override
        public AlertRecord map(AlertRecord a) throws Exception {
            Thread.sleep(2);
            if (CHECKPOINTED.get() && SINCE_CHECKPOINT.incrementAndGet() >= 200 && FAILED.compareAndSet(false, true)) {
                // Let the producer hand the uncommitted alerts to the broker before the failure.
                Thread.sleep(500);
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return a;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            SINCE_CHECKPOINT.set(0);
            CHECKPOINTED.set(true);
        }
    }

    @Test
    void aFailureAfterACheckpointNeitherLosesNorDuplicatesAnAlert() throws Exception {
        TestKafka.createTopics(2, TOPIC);
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", TestKafka.bootstrap(), "--checkpoint-interval",
                "1", "--checkpoint-dir", checkpoints.toString()}, Map.of());
        Configuration conf = RiskJob.configuration(o);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.fromSequence(0, ALERTS - 1)
                .map(i -> new AlertRecord("a-" + i, "LOST_PERSON:device:d-" + (i % 7),
                        ("{\"id\":\"a-" + i + "\"}").getBytes(StandardCharsets.UTF_8)))
                .map(new FailOnceAfterACheckpoint())
                .sinkTo(KafkaIo.alertSink(TestKafka.bootstrap(), TOPIC, "it-exactly-once"));
        env.execute("exactly-once-it");

        assertThat(FAILED).as("the injected failure happened").isTrue();
        List<String> ids = TestKafka.readAll(TOPIC).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertThat(ids).hasSize(ALERTS).doesNotHaveDuplicates();
    }
}
