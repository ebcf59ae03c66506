package cn.jinhua.risk.api.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Kafka topics on a thread of its own, at least once: each polled batch is handed over,
 * and only when that returns are its offsets committed. A batch whose handling throws (the store
 * down) is read again from its first offsets after a pause, so the handler must be idempotent.
 * Stopping wakes the consumer up and waits for the thread. Thread-safe.
 */
public final class TopicFollower {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private final String name;
    private final List<String> topics;
    private final Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers;
    private final Consumer<ConsumerRecords<byte[], byte[]>> handler;
    private final Duration pollTimeout;
    private final Duration retryDelay;
    private volatile boolean running;
    private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param name what it follows, for the thread's name and the log ("telemetry", "control")
     * @param consumers makes the consumer when following starts (a group that commits only when told)
     * @param handler handles one batch; throws to have it read again after {@code retryDelay}
     */
    public TopicFollower(String name, List<String> topics,
                         Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers,
                         Consumer<ConsumerRecords<byte[], byte[]>> handler, Duration pollTimeout, Duration retryDelay) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.consumers = consumers;
        this.handler = handler;
        this.pollTimeout = pollTimeout;
        this.retryDelay = retryDelay;
    }

    /** Starts following; a second call does nothing. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        consumer = consumers.get();
        thread = new Thread(this::run, name + "-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops following and waits for the thread; what was handled stays committed. */
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
        org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c = consumer;
        try (c) {
            c.subscribe(topics);
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = c.poll(pollTimeout);
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    handler.accept(batch);
                    c.commitSync();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("could not handle {} {} records, reading them again in {}: {}", batch.count(), name, retryDelay,
                            e.toString());
                    rewind(c, batch);
                    Thread.sleep(retryDelay.toMillis());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("{} follower woken up while running", name, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{} follower stopped: {} are no longer read", name, topics, e);
        }
    }

    private static void rewind(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach(c::seek);
    }
}
