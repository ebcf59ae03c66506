package cn.jinhua.risk.api.control;

import cn.jinhua.risk.api.error.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts changes on {@code risk.control}, keyed by their subject, and waits for the broker's
 * acknowledgement (all in-sync replicas, idempotent producer). The producer is made on first use,
 * so the API starts without Kafka. Thread-safe.
 */
@Singleton
class ControlSender {
    private final ControlProperties props;
    private Producer<byte[], byte[]> producer;

    ControlSender(ControlProperties props) {
        this.props = props;
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "risk-api-control");
            // A broker that cannot be reached fails the request within sendTimeout, not after a minute.
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(props.sendTimeout().toMillis()));
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * Sends one change and returns where the broker put it.
     *
     * @throws ApiException 503 when the broker did not acknowledge within the send timeout (the
     *     change may still arrive; its record then shows up with its verdict)
     */
    RecordMetadata send(String key, byte[] message, String changeId) {
        try {
            return producer().send(new ProducerRecord<>(props.changesTopic(), key.getBytes(StandardCharsets.UTF_8), message))
                    .get(props.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ApiException(503, "Kafka at " + props.bootstrap() + " did not take change " + changeId + " within "
                    + props.sendTimeout().toSeconds() + " s (" + cause.getClass().getSimpleName() + "); it may still arrive, and "
                    + "then its record shows the job's verdict");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while sending change " + changeId);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
            producer = null;
        }
    }
}
