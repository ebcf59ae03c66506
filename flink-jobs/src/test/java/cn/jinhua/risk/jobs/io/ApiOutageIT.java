package cn.jinhua.risk.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.RiskJobOptions;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API is down while alerts flow: {@code risk.alerts} keeps committing on every checkpoint (the
 * HTTP sink keeps what waits in its state instead of holding the checkpoint), and once the API is
 * back it gets every alert. The first sink flushed before each checkpoint, so no checkpoint, and no
 * committed alert, came while the API was down.
 */
class ApiOutageIT {
    static final int ALERTS = 2_000;
    static final String TOPIC = "it-api-outage.risk.alerts";
    static final ConcurrentLinkedQueue<DeadLetter> REJECTED = new ConcurrentLinkedQueue<>();

    @TempDir
    Path checkpoints;

    @Test
    void risk_alertsKeepsCommittingWhileTheApiIsDownAndTheApiGetsEveryAlertOnceItIsBack() throws Exception {
        TestKafka.createTopics(2, TOPIC);
        List<AlertRecord> sent = LongStream.range(0, ALERTS).mapToObj(i -> new AlertRecord("a-" + i, "LOST_PERSON:device:d-"
                + (i % 7), ("{\"id\":\"a-" + i + "\",\"incidentKey\":\"LOST_PERSON:device:d-" + (i % 7) + "\"}")
                .getBytes(StandardCharsets.UTF_8))).toList();
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", TestKafka.bootstrap(), "--checkpoint-interval",
                "1", "--checkpoint-dir", checkpoints.toString()}, Map.of());
        try (FlakyAlertApi api = new FlakyAlertApi(0, 0, "none").down()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, RiskJob.configuration(o));
            // A source that takes its time, as a live feed does: the stream spans several checkpoints.
            DataStream<AlertRecord> alerts = env.fromSource(new DataGeneratorSource<>(i -> sent.get(i.intValue()), ALERTS,
                    RateLimiterStrategy.perSecond(200), TypeInformation.of(AlertRecord.class)),
                    WatermarkStrategy.noWatermarks(), "alerts");
            alerts.sinkTo(KafkaIo.alertSink(TestKafka.bootstrap(), TOPIC, "it-api-outage")).name("risk.alerts");
            alerts.keyBy(AlertRecord::incidentKey)
                    .sinkTo(new HttpAlertSink(HttpAlertSinkTest.config(api.url()), () -> REJECTED::add))
                    .name("POST /api/alerts");
            JobClient job = env.executeAsync("api-outage-it");

            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            int committed = 0;
            while (committed < ALERTS / 2 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                committed = TestKafka.readAll(TOPIC).size();
            }
            assertThat(committed).as("alerts committed to risk.alerts while the API was down").isGreaterThanOrEqualTo(ALERTS / 2);
            assertThat(api.receipts()).as("the API was down: it stored nothing").isEmpty();

            api.up();
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

            assertThat(TestKafka.readAll(TOPIC)).extracting(r -> new String(r.key(), StandardCharsets.UTF_8) + " "
                    + new String(r.value(), StandardCharsets.UTF_8)).hasSize(ALERTS).doesNotHaveDuplicates();
            // Two source subtasks interleave their halves: the order per incident is the one each
            // writer saw, which the sink's unit tests check; here, every alert once.
            assertThat(api.receipts()).filteredOn(FlakyAlertApi.Received::answered).extracting(FlakyAlertApi.Received::id)
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent.stream().map(AlertRecord::id).toList());
        }
        assertThat(REJECTED).isEmpty();
    }
}
