package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.ContractSchemas;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.replay.Replayer;
import cn.jinhua.risk.replay.ScenarioFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs seed scenarios through the whole job as it is deployed: the replay command's reader and
 * pacer produce the files into the in-process broker (topics renamed with a prefix, so ITs sharing
 * the broker cannot interfere), {@link RiskJob#build} wires its real Kafka source, validation,
 * router, both topologies and exactly-once sinks on a local environment at parallelism 2 with
 * checkpoints, and {@code risk.alerts} and {@code risk.dlq} are read back with read_committed.
 * Every alert read must be keyed by its incident and validate against the alert contract.
 */
public final class ScenarioRuns {
    public static final Path SCENARIOS = locate("seeds/scenarios");

    /** What one run wrote. */
    public record Outcome(List<Alert> alerts, List<JsonNode> deadLetters) {
    }

    private ScenarioRuns() {
    }

    /**
     * @param prefix the topics' prefix, unique per IT (e.g. {@code it-wuyi.})
     * @param files scenario file names in {@link #SCENARIOS}, replayed together
     */
    public static Outcome run(String prefix, Path checkpoints, List<String> files) throws Exception {
        return run(prefix, checkpoints, files, null);
    }

    /**
     * @param shuffle when not null, the files' records are produced in another order within the
     *     2-minute out-of-orderness bound ({@link BoundedShuffle}: each key's own records keep their
     *     order, as one Kafka partition keeps them)
     */
    public static Outcome run(String prefix, Path checkpoints, List<String> files, Random shuffle) throws Exception {
        String bootstrap = TestKafka.bootstrap();
        TestKafka.createTopics(2, prefix + "risk.locations", prefix + "risk.calls", prefix + "risk.sensors",
                prefix + "risk.alerts", prefix + "risk.dlq", prefix + "risk.positions", prefix + "risk.readings");
        List<List<ScenarioFile.Entry>> entries = new ArrayList<>();
        for (String f : files) {
            entries.add(ScenarioFile.read(SCENARIOS.resolve(f)).stream().map(e -> new ScenarioFile.Entry(e.file(), e.line(),
                    prefix + e.topic(), e.key(), e.value(), e.tsMillis())).toList());
        }
        if (shuffle != null) {
            entries = List.of(BoundedShuffle.of(Replayer.schedule(entries, null),
                    e -> e.key() == null ? null : utf8(e.key()), ScenarioFile.Entry::tsMillis, 120_000, shuffle));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Regression: after another IT ran on the shared broker, an idempotent producer met
        // OutOfOrderSequenceException on a fresh topic and stalled until its delivery timeout. One
        // request in flight keeps the order without producer sequence numbers.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            new Replayer(producer, 0, new PrintStream(new ByteArrayOutputStream()), Replayer.SYSTEM).replay(entries);
        }
        // The seeds are dated: the job trusts their times, as for any replay of a recorded day.
        RiskJobOptions o = RiskJobOptions.parse(new String[] {"--bootstrap", bootstrap, "--bounded", "--from-earliest",
                "--event-clock", "records", "--parallelism", "2", "--checkpoint-interval", "1", "--checkpoint-dir", checkpoints.toString(),
                "--group-id", prefix + "job", "--topic-locations", prefix + "risk.locations", "--topic-calls",
                prefix + "risk.calls", "--topic-sensors", prefix + "risk.sensors", "--topic-alerts", prefix + "risk.alerts",
                "--topic-dlq", prefix + "risk.dlq", "--topic-positions", prefix + "risk.positions",
                "--topic-readings", prefix + "risk.readings"}, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, RiskJob.configuration(o));
        RiskJob.build(env, o);
        env.execute(prefix + "scenarios");

        List<Alert> alerts = TestKafka.readAll(prefix + "risk.alerts").stream().map(r -> {
            Alert a = Json.readAlert(r.value());
            assertThat(ContractSchemas.alertProblems(r.value())).as("contract problems of %s %s", a.ruleId(), a.id()).isEmpty();
            assertThat(utf8(r.key())).isEqualTo(a.incidentKey());
            return a;
        }).toList();
        List<JsonNode> deadLetters = TestKafka.readAll(prefix + "risk.dlq").stream().map(ScenarioRuns::json).toList();
        return new Outcome(alerts, deadLetters);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Json.MAPPER.readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate(String folder) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(folder);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(folder + " not found above " + Path.of("").toAbsolutePath());
    }
}
