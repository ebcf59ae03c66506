package cn.jinhua.risk.api.support;

import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** One Kafka broker in this JVM (KRaft, combined mode, {@code kafka-test-common-runtime}), with its topics made. */
final class TestKafkaBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private TestKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts the broker and makes the topics, two partitions each; about 2 s. */
    static TestKafkaBroker start(String... topics) {
        try {
            KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            c.format();
            c.startup();
            c.waitForReadyBrokers();
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, 2, (short) 1)).toList()).all().get();
            }
            return new TestKafkaBroker(c);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka broker for the tests: " + e.getMessage(), e);
        }
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
