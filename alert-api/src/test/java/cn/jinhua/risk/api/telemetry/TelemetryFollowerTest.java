package cn.jinhua.risk.api.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The follower of the job's risk.positions and risk.readings, driven through Kafka's MockConsumer:
 * what it reads reaches Elasticsearch and the endpoints, offsets are committed only after storing,
 * a bad record is refused alone, and reading the same records again stores nothing twice.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-telemetry-")
@Property(name = "risk.test.mock-telemetry", value = "true")
class TelemetryFollowerTest {
    private static final TopicPartition POSITIONS = new TopicPartition("risk.positions", 0);
    private static final TopicPartition READINGS = new TopicPartition("risk.readings", 0);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TelemetryFollower follower;
    @Inject
    MockConsumers consumers;
    Api api;

    /** Hands the follower a MockConsumer assigned to both topics from offset 0. */
    @Singleton
    @Replaces(TelemetryConsumers.class)
    @Requires(property = "risk.test.mock-telemetry", value = "true")
    static class MockConsumers extends TelemetryConsumers {
        volatile MockConsumer<byte[], byte[]> consumer;

        @Override
        public Consumer<byte[], byte[]> create(TelemetryProperties p) {
            consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
            consumer.schedulePollTask(() -> {
                consumer.rebalance(List.of(POSITIONS, READINGS));
                consumer.updateBeginningOffsets(Map.of(POSITIONS, 0L, READINGS, 0L));
            });
            return consumer;
        }
    }

    @BeforeEach
    void setUp() {
        api = new Api(client);
        follower.start();
    }

    @AfterEach
    void tearDown() {
        follower.stop();
    }

    private void send(TopicPartition tp, long offset, String json) {
        consumers.consumer.schedulePollTask(() -> consumers.consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset,
                null, json.getBytes(StandardCharsets.UTF_8))));
    }

    private void awaitCommitted(TopicPartition tp, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> c = consumers.consumer.committed(java.util.Set.of(tp));
            if (c.get(tp) != null && c.get(tp).offset() >= offset) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("offset " + offset + " of " + tp + " not committed");
    }

    @Test
    void positionsAndReadingsReachTheEndpointsAndABadRecordIsRefusedAlone() throws Exception {
        send(POSITIONS, 0, "{\"deviceId\":\"d-tel-1\",\"ts\":\"2026-12-29T16:00:00+08:00\",\"lat\":29.23,\"lon\":119.66,\"accuracyM\":12,\"source\":\"GPS\",\"batteryPct\":40}");
        send(POSITIONS, 1, "{\"deviceId\":\"d-tel-1\",\"ts\":\"2026-12-29T16:00:10+08:00\",\"lat\":29.231,\"lon\":119.661}");
        send(POSITIONS, 2, "{\"deviceId\":\"d-tel-2\",\"ts\":\"2026-12-29T16:00:05+08:00\",\"lat\":95,\"lon\":119.66}");
        send(READINGS, 0, "{\"sensorId\":\"wy-e05-pool-level\",\"ts\":\"2026-12-29T15:59:00+08:00\",\"value\":1.25,\"unit\":\"M\"}");
        send(READINGS, 1, "{\"sensorId\":\"wy-e05-pool-level\",\"ts\":\"2026-12-29T16:00:00+08:00\",\"value\":1.26,\"unit\":\"M\"}");
        send(READINGS, 2, "{\"sensorId\":\"no-such-sensor\",\"ts\":\"2026-12-29T16:00:00+08:00\",\"value\":1}");
        awaitCommitted(POSITIONS, 3);
        awaitCommitted(READINGS, 3);

        JsonNode devices = api.get("/api/devices", "command").json().get("items");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("deviceId").asText()).isEqualTo("d-tel-1");
        assertThat(devices.get(0).get("ts").asText()).isEqualTo("2026-12-29T16:00:10+08:00");
        JsonNode readings = api.get("/api/sensors/wy-e05-pool-level/readings?from=2026-12-29T15:00:00%2B08:00&to=2026-12-29T17:00:00%2B08:00",
                "bureau").json();
        assertThat(readings.get("readings")).extracting(r -> r.get("value").asDouble()).containsExactly(1.25, 1.26);
        assertThat(follower.refusedCount()).isEqualTo(2);

        // Read again (a restart before the commit): nothing is stored twice.
        send(READINGS, 3, "{\"sensorId\":\"wy-e05-pool-level\",\"ts\":\"2026-12-29T16:00:00+08:00\",\"value\":1.26,\"unit\":\"M\"}");
        send(POSITIONS, 3, "{\"deviceId\":\"d-tel-1\",\"ts\":\"2026-12-29T16:00:00+08:00\",\"lat\":29.0,\"lon\":119.0}");
        awaitCommitted(READINGS, 4);
        awaitCommitted(POSITIONS, 4);
        assertThat(api.get("/api/sensors/wy-e05-pool-level/readings?from=2026-12-29T15:00:00%2B08:00&to=2026-12-29T17:00:00%2B08:00",
                "bureau").json().get("readings")).hasSize(2);
        assertThat(api.get("/api/devices", "command").json().at("/items/0/location/lat").asDouble()).isEqualTo(29.231);
    }
}
