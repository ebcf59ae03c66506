package cn.jinhua.risk.api.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * One real Kafka broker (KRaft, combined mode, in this JVM: {@link TestKafkaBroker}) for the whole
 * test run, with the control topics {@value #CHANGES} and {@value #RESULTS} of two partitions each,
 * as {@code ./risk up} makes them. Tests find it through the system property
 * {@value #BOOTSTRAP_PROPERTY}, which application-test.yml reads, and isolate themselves by change
 * ids, never by restarting it. Started only when the build asks for it ({@value #START_PROPERTY}, set
 * by alert-api's surefire configuration): modules that use this module's test-jar get this listener
 * too, without the broker's classes. Stopped when the run ends (not from a shutdown hook: Kafka
 * deletes its folders in hooks of its own, and a broker that sees its log folder vanish halts the JVM).
 */
public final class KafkaSessionListener implements LauncherSessionListener {
    public static final String BOOTSTRAP_PROPERTY = "risk.test.kafka.bootstrap";
    public static final String START_PROPERTY = "risk.test.kafka.start";
    public static final String CHANGES = "risk.control";
    public static final String RESULTS = "risk.control.results";
    private AutoCloseable broker;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty(BOOTSTRAP_PROPERTY) != null || !Boolean.getBoolean(START_PROPERTY)) {
            return;
        }
        TestKafkaBroker b = TestKafkaBroker.start(CHANGES, RESULTS);
        broker = b;
        System.setProperty(BOOTSTRAP_PROPERTY, b.bootstrap());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (broker != null) {
            try {
                broker.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the in-process Kafka broker: " + e.getMessage(), e);
            }
            broker = null;
        }
    }

    public static String bootstrap() {
        String b = System.getProperty(BOOTSTRAP_PROPERTY);
        if (b == null) {
            throw new IllegalStateException("no test Kafka: run the tests through Maven (KafkaSessionListener)");
        }
        return b;
    }

    /** Every record of a topic from its start to its current end, values as text. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, String value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic + ": " + e.getMessage(), e);
        }
    }
}
