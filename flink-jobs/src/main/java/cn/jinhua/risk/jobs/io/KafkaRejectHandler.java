package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends alerts the API refused for good to the dead-letter topic, synchronously (acks=all,
 * idempotent producer), so a reject is on {@code risk.dlq} before the HTTP writer moves on.
 */
public final class KafkaRejectHandler implements HttpAlertSink.RejectHandlerFactory {
    private static final long serialVersionUID = 1L;
    private final String bootstrap;
    private final String topic;

    public KafkaRejectHandler(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    @Override
    public Consumer<DeadLetter> create() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new Sender(new KafkaProducer<>(p), topic);
    }

    /** Sends synchronously; closed with the HTTP writer. */
    private record Sender(KafkaProducer<byte[], byte[]> producer, String topic) implements Consumer<DeadLetter>, AutoCloseable {
        @Override
        public void accept(DeadLetter d) {
            try {
                producer.send(new ProducerRecord<>(topic, d.sourceTopic().getBytes(StandardCharsets.UTF_8), Json.deadLetter(d))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending a rejected alert to " + topic, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("cannot send a rejected alert to " + topic + ": " + e.getCause().getMessage(), e);
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
