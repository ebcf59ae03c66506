package cn.jinhua.risk.jobs.wastewater;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.io.TestKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays each Wuyi seed scenario through a real Kafka broker (in this JVM, shared through
 * {@link TestKafka}) into the wastewater
 * topology on a MiniCluster at parallelism 2, and asserts the exact alerts. Readings are keyed by
 * sensor over two partitions, as a producer of the feed would send them.
 */
class WuyiScenarioReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCENARIOS = locateScenarios();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** What the test asserts of every alert. */
    record Seen(String eventTime, String ruleId, String subjectId, String severity, int tier, String level,
                String incidentKey) {
        static Seen of(Alert a) {
            return new Seen(a.eventTime(), a.ruleId(), a.subjectId(), a.severity().name(), a.tier(), a.responseLevel(),
                    a.incidentKey());
        }
    }

    private static final String PLANT = "WASTEWATER:plant:wy-e03";
    private static final String CREEK = "WASTEWATER:creek:wy-creek-space";

    @Test
    void plantFireYieldsTheEscalatingIncidentAndTheLateSluice() throws Exception {
        List<Alert> alerts = replay("wuyi-plant-fire.jsonl", "fire");

        assertThat(alerts).extracting(Seen::of).containsExactly(
                new Seen("2026-12-18T15:19:00+08:00", "plating.pool-overflow-forecast", "wy-e03-pool", "HIGH", 1,
                        "ENTERPRISE", PLANT),
                new Seen("2026-12-18T15:26:00+08:00", "plating.pool-high", "wy-e03-pool", "MEDIUM", 1, "ENTERPRISE", PLANT),
                new Seen("2026-12-18T15:31:00+08:00", "plating.enclosure-water", "wy-e03", "HIGH", 2, "PARK", PLANT),
                new Seen("2026-12-18T16:01:00+08:00", "plating.enclosure-water", "wy-e03", "CRITICAL", 3, "TOWNSHIP", PLANT),
                new Seen("2026-12-18T16:10:00+08:00", "plating.creek-contamination", "wy-wq-down", "CRITICAL", 3,
                        "COUNTY", CREEK),
                // Ordered closed at 16:01 by the enclosure alert; the upstream sluice closed by 16:08.
                new Seen("2026-12-18T16:11:00+08:00", "plating.sluice-not-closed", "wy-sluice-down", "CRITICAL", 3,
                        "COUNTY", CREEK));
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        Alert forecast = alerts.get(0);
        assertThat(forecast.predictedOverflowAt()).isEqualTo("2026-12-18T15:48:00+08:00");
        assertThat(forecast.recommendation().get("transferPlan").toString())
                .contains("wy-pipe-02-03", "wy-pipe-03-04", "wy-pipe-03-08", "sufficient=true");
        assertThat(alerts.get(5).recommendation().get("orderedBy").toString()).contains(alerts.get(3).id());
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.titleZh()).isNotBlank();
            assertThat(a.evidence()).isNotEmpty();
            assertThat(a.zoneIds()).isNotEmpty();
            assertThat((List<?>) a.recommendation().get("teams")).isNotEmpty();
        });
    }

    @Test
    void aRainyDayRaisesNothing() throws Exception {
        assertThat(replay("wuyi-rainy-day.jsonl", "rain")).isEmpty();
    }

    private List<Alert> replay(String file, String topicSuffix) throws Exception {
        String topic = "risk.sensors." + topicSuffix;
        TestKafka.createTopics(2, topic);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String line : Files.readAllLines(SCENARIOS.resolve(file), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = JSON.readTree(line);
                JsonNode value = record.get("value");
                if (value == null) {
                    producer.send(new ProducerRecord<>(topic, null, record.get("raw").asText()));
                } else {
                    producer.send(new ProducerRecord<>(topic, value.path("sensorId").asText(), JSON.writeValueAsString(value)));
                }
            }
            producer.flush();
        }

        World world = WorldLoader.loadClasspath();
        KafkaSource<SensorReading> source = KafkaSource.<SensorReading>builder()
                .setBootstrapServers(TestKafka.bootstrap())
                .setTopics(topic)
                .setGroupId("wuyi-replay-" + topicSuffix)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new ReadingDeserializer(WorldSnapshot.of(world)))
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // As the job runs (RiskJob): objects pass between chained operators without copies.
        env.getConfig().enableObjectReuse();
        WatermarkStrategy<SensorReading> watermarks = WatermarkStrategy
                .<SensorReading>forBoundedOutOfOrderness(Duration.ofMinutes(2))
                .withTimestampAssigner((r, ts) -> r.tsMillis())
                .withIdleness(Duration.ofSeconds(5));
        List<Alert> out = new ArrayList<>();
        try (CloseableIterator<Alert> it = WastewaterTopology.apply(
                env.fromSource(source, watermarks, "risk.sensors"), world, WastewaterParams.defaults())
                .executeAndCollect("wuyi replay " + file)) {
            it.forEachRemaining(out::add);
        }
        out.sort(Comparator.comparing(Alert::eventTime).thenComparing(Alert::ruleId).thenComparing(Alert::subjectId));
        // Kept for people reading the scenario's outcome, not read by the test.
        Path dump = Path.of("target", "wuyi-alerts", file.replace(".jsonl", ".json"));
        Files.createDirectories(dump.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(dump.toFile(), out);
        return out;
    }

    /**
     * Test-side feed parsing: JSON to a reading checked against the world; what the job would send
     * to the DLQ (malformed, unknown sensor, wrong unit, non-finite) is dropped here.
     */
    static final class ReadingDeserializer implements KafkaRecordDeserializationSchema<SensorReading> {
        private static final long serialVersionUID = 1L;
        private final WorldSnapshot world;

        ReadingDeserializer(WorldSnapshot world) {
            this.world = world;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SensorReading> out) {
            JsonNode v;
            try {
                v = JSON.readTree(record.value());
            } catch (IOException e) {
                return;
            }
            String id = v.path("sensorId").asText();
            Optional<Sensor> sensor = world.world().sensor(id);
            String unit = v.path("unit").asText(null);
            if (sensor.isEmpty() || !v.path("value").isNumber() || !Double.isFinite(v.path("value").asDouble())
                    || (unit != null && !unit.equals(sensor.get().unit()))) {
                return;
            }
            String ts = v.path("ts").asText();
            out.collect(new SensorReading(id, OffsetDateTime.parse(ts).toInstant().toEpochMilli(), ts,
                    v.path("value").asDouble(), sensor.get().unit(), record.partition(), record.offset()));
        }

        @Override
        public TypeInformation<SensorReading> getProducedType() {
            return TypeInformation.of(SensorReading.class);
        }
    }

    private static Path locateScenarios() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("seeds/scenarios");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("seeds/scenarios not found above " + Path.of("").toAbsolutePath());
    }
}
