package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.feed.RecordClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's Kafka ends: one FLIP-27 source over the three feed topics, and exactly-once sinks for
 * alerts (keyed by incident) and dead letters. Both sinks write in Kafka transactions committed on
 * checkpoints; consumers must read with {@code isolation.level=read_committed}.
 */
public final class KafkaIo {
    /** Must not exceed the broker's transaction.max.timeout.ms (15 min by default). */
    public static final String TRANSACTION_TIMEOUT_MS = "900000";

    private KafkaIo() {
    }

    /**
     * A source over some of the feed topics (each job reads its own, so that one job's input never
     * holds back the other's event time).
     *
     * @param read the topics this source reads, a subset of {@code topics.all()}
     * @param bounded stop at the offsets current when the job starts (tests and benchmarks)
     */
    public static KafkaSource<FeedRecord> feedSource(String bootstrap, FeedTopics topics, List<String> read, String groupId,
                                                     RecordClock clock, boolean fromEarliest,
                                                     boolean bounded) {
        var b = KafkaSource.<FeedRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(read)
                .setGroupId(groupId)
                .setStartingOffsets(fromEarliest ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new FeedDeserializer(topics, clock))
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /**
     * The live changes ({@code risk.control}), as text. Subscribed by pattern, so a job whose
     * control topic does not exist yet runs and picks it up once created. A job without state reads
     * the topic from the start, whatever offsets an earlier job committed: the changes made before
     * it are its rules (a restored job goes on from its checkpoint's offsets).
     *
     * @param bounded stop at the offsets current when the job starts
     */
    public static KafkaSource<String> controlSource(String bootstrap, String topic, String groupId, boolean bounded) {
        var b = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopicPattern(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(topic)))
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new org.apache.flink.api.common.serialization.SimpleStringSchema())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        } else {
            b.setProperty("partition.discovery.interval.ms", "5000");
        }
        return b.build();
    }

    /**
     * Whether the topic exists. A bounded source over a topic that does not exist never ends (its
     * readers are never told that no split will come), so a bounded job reads live changes only
     * from an existing topic.
     */
    public static boolean topicExists(String bootstrap, String topic) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            return admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS).contains(topic);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list the topics of " + bootstrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the topics of " + bootstrap, e);
        }
    }

    /**
     * The results of live changes, one per change. At least once and without waiting for a
     * checkpoint, so whoever made the change reads its verdict within a second; a result written
     * twice is the same result.
     */
    public static KafkaSink<String> controlResultSink(String bootstrap, String topic) {
        return KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((String r, org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext c,
                                      Long ts) -> new ProducerRecord<byte[], byte[]>(topic, r.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    public static KafkaSink<AlertRecord> alertSink(String bootstrap, String topic, String transactionalIdPrefix) {
        return KafkaSink.<AlertRecord>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .setRecordSerializer((AlertRecord a, org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext c,
                                      Long ts) -> new ProducerRecord<>(topic, a.incidentKey().getBytes(StandardCharsets.UTF_8), a.json()))
                .build();
    }

    /**
     * Devices' last positions for the screens, keyed by device. At least once and without waiting for
     * a checkpoint, so the map moves within seconds; the API stores them idempotently by device and time.
     */
    public static KafkaSink<LocationFix> positionSink(String bootstrap, String topic) {
        return screenSink(bootstrap, topic, LocationFix::deviceId, Json::position);
    }

    /** Downsampled sensor readings for the screens, keyed by sensor; like {@link #positionSink}. */
    public static KafkaSink<SensorReading> readingSink(String bootstrap, String topic) {
        return screenSink(bootstrap, topic, SensorReading::sensorId, Json::reading);
    }

    private static <T> KafkaSink<T> screenSink(String bootstrap, String topic, SerializableFunction<T, String> key,
                                               SerializableFunction<T, byte[]> json) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((T r, org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext c,
                                      Long ts) -> new ProducerRecord<>(topic, key.apply(r).getBytes(StandardCharsets.UTF_8),
                        json.apply(r)))
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrap, String topic, String transactionalIdPrefix) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .setRecordSerializer((DeadLetter d, org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext c,
                                      Long ts) -> new ProducerRecord<>(topic,
                        (d.sourceTopic() + "/" + d.partition()).getBytes(StandardCharsets.UTF_8), Json.deadLetter(d)))
                .build();
    }
}
