package cn.jinhua.risk.api.control;

import cn.jinhua.risk.api.kafka.TopicFollower;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code risk.control} and {@code risk.control.results} and records every change (whoever
 * sent it: the pages or {@code ./risk control}) and every verdict, then commits the offsets
 * ({@link TopicFollower}: a batch that cannot be recorded is read again; recording is idempotent).
 * A record that is not a change or a verdict is logged with its reason and skipped. A new consumer
 * group starts at the earliest offsets, so changes made before the API's first start are recorded
 * too. With several API replicas, the group shares the partitions among them.
 */
@Singleton
public class ControlFollower {
    private static final Logger LOG = LoggerFactory.getLogger(ControlFollower.class);
    private final ControlProperties props;
    private final ChangeRepository repository;
    private final TopicFollower follower;

    ControlFollower(ControlProperties props, ChangeRepository repository) {
        this.props = props;
        this.repository = repository;
        this.follower = new TopicFollower("control", List.of(props.changesTopic(), props.resultsTopic()), this::consumer,
                this::handle, props.pollTimeout(), props.retryDelay());
    }

    @EventListener
    void onStartup(StartupEvent e) {
        if (props.enabled()) {
            follower.start();
            LOG.info("following {} and {} at {} (group {})", props.changesTopic(), props.resultsTopic(), props.bootstrap(),
                    props.groupId());
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent e) {
        follower.stop();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, props.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "risk-api-control");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Records a batch in one request (a backlog read after a start costs a few requests, not one per record). */
    private void handle(ConsumerRecords<byte[], byte[]> batch) {
        List<ControlChange> changes = new ArrayList<>();
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            try {
                if (r.topic().equals(props.changesTopic())) {
                    changes.add(ControlMessages.change(r.value(), r.partition(), r.offset()));
                } else {
                    ControlMessages.Decided d = ControlMessages.verdict(r.value());
                    verdicts.put(d.changeId(), d.verdict());
                }
            } catch (ControlMessages.Refused e) {
                LOG.warn("skipped {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        repository.record(changes, verdicts);
    }
}
