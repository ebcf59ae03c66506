package cn.jinhua.risk.api.telemetry;

import jakarta.inject.Singleton;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Makes the Kafka consumer of {@link TelemetryFollower} (tests give it another). */
@Singleton
public class TelemetryConsumers {
    /**
     * A consumer of the configured group that commits only when told (after storing) and starts a
     * new group at the earliest offsets, so nothing published before the API's first start is lost.
     */
    public Consumer<byte[], byte[]> create(TelemetryProperties p) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, p.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "risk-api-telemetry");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
