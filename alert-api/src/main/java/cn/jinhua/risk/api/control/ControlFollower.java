package cn.jinhua.risk.api.control;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code risk.control} and {@code risk.control.results} on a thread of its own and records
 * every change (whoever sent it: the pages or {@code ./risk control}) and every verdict, then
 * commits the offsets. A batch that cannot be recorded (Elasticsearch down) is read again from its
 * first offsets after a pause; recording is idempotent. A record that is not a change or a verdict
 * is logged with its reason and skipped. A new consumer group starts at the earliest offsets, so
 * changes made before the API's first start are recorded too. With several API replicas, the
 * group shares the partitions among them; they all read the same record.
 */
@Singleton
public class ControlFollower {
    private static final Logger LOG = LoggerFactory.getLogger(ControlFollower.class);
    private final ControlProperties props;
    private final ChangeRepository repository;
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    ControlFollower(ControlProperties props, ChangeRepository repository) {
        this.props = props;
        this.repository = repository;
    }

    @EventListener
    void onStartup(StartupEvent e) {
        if (props.enabled()) {
            start();
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent e) {
        stop();
    }

    /** Starts following the topics; a second call does nothing. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, props.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "risk-api-control");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "control-follower");
        thread.setDaemon(true);
        thread.start();
        LOG.info("following {} and {} at {} (group {})", props.changesTopic(), props.resultsTopic(), props.bootstrap(),
                props.groupId());
    }

    /** Stops following and waits for the thread; what was recorded stays committed. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Consumer<byte[], byte[]> c = consumer;
        try (c) {
            c.subscribe(List.of(props.changesTopic(), props.resultsTopic()));
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = c.poll(props.pollTimeout());
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    handle(batch);
                    c.commitSync();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("could not record {} control records, reading them again in {}: {}", batch.count(),
                            props.retryDelay(), e.toString());
                    rewind(c, batch);
                    Thread.sleep(props.retryDelay().toMillis());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("control follower woken up while running", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("control follower stopped: verdicts of live changes are no longer recorded", e);
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> batch) {
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            try {
                if (r.topic().equals(props.changesTopic())) {
                    repository.recordChange(ControlMessages.change(r.value(), r.partition(), r.offset()));
                } else {
                    ControlMessages.Decided d = ControlMessages.verdict(r.value());
                    repository.recordVerdict(d.changeId(), d.verdict());
                }
            } catch (ControlMessages.Refused e) {
                LOG.warn("skipped {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
    }

    private static void rewind(Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach(c::seek);
    }
}
