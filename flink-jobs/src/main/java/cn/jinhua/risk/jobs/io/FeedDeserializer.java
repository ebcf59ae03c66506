package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.FeedParser;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.RecordClock;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record of the three feeds into a {@link FeedRecord} (valid or rejected, never
 * an exception: {@link FeedParser} turns any failure into a reject), keeping topic, partition,
 * offset and the raw bytes for the dead-letter queue.
 */
public final class FeedDeserializer implements KafkaRecordDeserializationSchema<FeedRecord> {
    private static final long serialVersionUID = 1L;
    private final FeedTopics topics;
    private final RecordClock clock;
    private transient FeedParser parser;

    public FeedDeserializer(FeedTopics topics, RecordClock clock) {
        this.topics = topics;
        this.clock = clock;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new FeedParser(topics, clock);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FeedRecord> out) {
        out.collect(parser.parse(record.topic(), record.partition(), record.offset(), record.value()));
    }

    @Override
    public TypeInformation<FeedRecord> getProducedType() {
        return TypeInformation.of(FeedRecord.class);
    }
}
