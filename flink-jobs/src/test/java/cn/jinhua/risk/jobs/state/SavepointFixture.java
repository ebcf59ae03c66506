package cn.jinhua.risk.jobs.state;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.RiskJobOptions;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.replay.ScenarioFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Takes the savepoint {@link SavepointRestoreIT} restores: the whole job (RiskJob with its Kafka
 * sources, on a MiniCluster at parallelism 2) over the first halves of two seed stories
 * ({@link StoryHalves}), stopped with a canonical savepoint once their alerts are committed.
 * Run it once per state layout worth keeping, and keep its output under
 * {@code src/test/resources/savepoints/}:
 *
 * <pre>
 * mvn -B -q -pl flink-jobs -am test-compile &amp;&amp; mvn -B -q -pl flink-jobs exec:exec -Dexec.classpathScope=test \
 *   -Dexec.executable=java "-Dexec.args=-cp %classpath cn.jinhua.risk.jobs.state.SavepointFixture src/test/resources/savepoints/NAME"
 * </pre>
 */
public final class SavepointFixture {
    static final String P = "fixture.";

    private SavepointFixture() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SavepointFixture OUTPUT-DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createTempDirectory("savepoint-fixture");
        try {
            take(out, work);
        } finally {
            TestKafka.stop();
        }
        System.exit(0);
    }

    static void take(Path out, Path work) throws Exception {
        TestKafka.createTopics(2, P + "risk.locations", P + "risk.calls", P + "risk.sensors", P + "risk.alerts", P + "risk.dlq",
                P + "risk.positions", P + "risk.readings");
        List<ScenarioFile.Entry> first = StoryHalves.half(true);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (ScenarioFile.Entry e : first) {
                producer.send(new ProducerRecord<>(P + e.topic(), e.key(), e.value())).get();
            }
        }
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", TestKafka.bootstrap(), "--from-earliest",
                "--event-clock", "records", "--parallelism", "2", "--checkpoint-interval", "1",
                "--checkpoint-dir", work.resolve("checkpoints").toString(), "--group-id", P + "job",
                "--topic-locations", P + "risk.locations", "--topic-calls", P + "risk.calls", "--topic-sensors", P + "risk.sensors",
                "--topic-alerts", P + "risk.alerts", "--topic-dlq", P + "risk.dlq", "--topic-positions", P + "risk.positions",
                "--topic-readings", P + "risk.readings"}, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, RiskJob.configuration(o));
        RiskJob.build(env, o);
        JobClient job = env.executeAsync("savepoint-fixture");
        // The first halves raise eight alerts; once they are committed, the state holds both halves' work.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (TestKafka.readAll(P + "risk.alerts").size() < 8) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the first halves' alerts did not arrive");
            }
            Thread.sleep(500);
        }
        Thread.sleep(3_000);
        String savepoint = job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        Path from = Path.of(java.net.URI.create(savepoint));
        if (Files.exists(out)) {
            try (Stream<Path> old = Files.walk(out)) {
                for (Path x : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
        Files.createDirectories(out);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, out.resolve(f.getFileName()));
            }
        }
        System.out.println("savepoint written to " + out);
    }
}
