package cn.jinhua.risk.replay;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.io.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return ReplayCommand.run(args, null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    Path file(String name, String... lines) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void producesValuesAndRawLinesKeyedBySubjectAndCountsThemPerTopic() throws Exception {
        String bootstrap = TestKafka.bootstrap();
        TestKafka.createTopics(2, "replay-a.locations", "replay-a.calls");
        Path f = file("s.jsonl",
                "{\"topic\":\"replay-a.locations\",\"value\":{\"deviceId\":\"d-1\",\"ts\":\"2026-12-20T10:00:00+08:00\",\"lat\":29.1,\"lon\":119.6}}",
                "",
                "{\"topic\":\"replay-a.locations\",\"raw\":\"{not json at all\"}",
                "{\"topic\":\"replay-a.calls\",\"value\":{\"callId\":\"c-1\",\"ts\":\"2026-12-20T10:00:01+08:00\",\"lat\":29.1,\"lon\":119.6,\"text\":\"迷路\"}}");

        assertThat(run(f.toString(), "--bootstrap", bootstrap, "--speed", "max")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("sent 3 records").containsPattern("replay-a.locations\\s+2").containsPattern("replay-a.calls\\s+1");
        assertThat(err.toString()).contains("replay s.jsonl: 3/3 sent (100%)");
        List<ConsumerRecord<byte[], byte[]>> locations = TestKafka.readAll("replay-a.locations");
        assertThat(locations).extracting(r -> text(r.value())).containsExactlyInAnyOrder(
                "{\"deviceId\":\"d-1\",\"ts\":\"2026-12-20T10:00:00+08:00\",\"lat\":29.1,\"lon\":119.6}", "{not json at all");
        assertThat(locations).filteredOn(r -> r.key() != null).extracting(r -> text(r.key())).containsExactly("d-1");
        assertThat(TestKafka.readAll("replay-a.calls")).singleElement()
                .satisfies(r -> assertThat(text(r.value())).contains("迷路"));
    }

    @Test
    void aBadLineIsReportedWithFileAndLineAndNothingIsSent() throws Exception {
        Path f = file("bad.jsonl",
                "{\"topic\":\"x\",\"value\":{\"deviceId\":\"d\"}}",
                "{\"topic\":\"x\",\"value\":{\"a\":1},\"raw\":\"both\"}");
        assertThat(run(f.toString(), "--bootstrap", "localhost:1")).isEqualTo(2);
        assertThat(err.toString()).contains("bad.jsonl:2: a line needs exactly one of");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void notJsonAndMissingTopicAreBadFiles() throws Exception {
        assertThat(run(file("a.jsonl", "{\"topic\":").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a.jsonl:1: not valid JSON");
        assertThat(run(file("b.jsonl", "{\"value\":{}}").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("b.jsonl:1: \"topic\"");
        assertThat(run(dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.jsonl: no such file");
    }

    @Test
    void badOptionsExitWithUsage() throws Exception {
        Path f = file("ok.jsonl", "{\"topic\":\"x\",\"raw\":\"r\"}");
        assertThat(run(f.toString(), "--speed", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--speed must be a positive number or 'max'");
        assertThat(run()).isEqualTo(2);
        assertThat(run(f.toString(), "--colour")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option --colour");
    }

    @Test
    void anUnreachableBrokerExitsWithAClearMessage() throws Exception {
        Path f = file("ok.jsonl", "{\"topic\":\"x\",\"raw\":\"r\"}");
        assertThat(run(f.toString(), "--bootstrap", "127.0.0.1:1")).isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach Kafka at 127.0.0.1:1");
    }

    @Test
    void pacesByEventTimeAtTheGivenSpeedAndMergesFiles() throws Exception {
        List<List<ScenarioFile.Entry>> files = List.of(
                List.of(entry("a", "2026-12-20T10:00:00+08:00"), entry("a", "2026-12-20T11:00:00+08:00"),
                        entry("a", "2026-12-20T10:59:00+08:00")),
                List.of(entry("b", "2026-12-20T10:30:00+08:00")));
        List<Long> sleeps = new ArrayList<>();
        long[] now = {0};
        Replayer.Clock fake = new Replayer.Clock() {
            @Override
            public long nanoTime() {
                return now[0];
            }

            @Override
            public void sleepMillis(long ms) {
                sleeps.add(ms);
                now[0] += ms * 1_000_000;
            }
        };
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, Integer> counts = new Replayer(producer, 60, new PrintStream(err, true, StandardCharsets.UTF_8), fake).replay(files);

        assertThat(counts).containsEntry("a", 3).containsEntry("b", 1);
        // One hour of event time per minute: 30 min -> 30 s, then 30 more; the out-of-order record follows at once.
        assertThat(sleeps).containsExactly(30_000L, 30_000L);
        assertThat(producer.history()).extracting(r -> r.topic() + "@" + text(r.key()).substring(11, 16))
                .containsExactly("a@10:00", "b@10:30", "a@11:00", "a@10:59");
    }

    static ScenarioFile.Entry entry(String topic, String ts) {
        return new ScenarioFile.Entry("f", 1, topic, ts.getBytes(StandardCharsets.UTF_8), new byte[0],
                cn.jinhua.risk.contract.IsoTimes.parseMillis(ts));
    }
}
