package cn.jinhua.risk.jobs.bench;

import cn.jinhua.risk.jobs.WorldRef;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedRouter;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.io.KafkaIo;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.lostperson.LostPersonTopology;
import cn.jinhua.risk.jobs.rules.hiker.HikerEsper;
import cn.jinhua.risk.jobs.rules.hiker.HikerGeo;
import cn.jinhua.risk.jobs.rules.hiker.HikerRuleParams;
import cn.jinhua.risk.jobs.rules.hiker.HikerRulesFunction;
import cn.jinhua.risk.jobs.rules.hiker.HikerState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Speed harness for the lost-person job (not a test): generates location fixes for 100,000 devices
 * (half on or around Beishan, half in town), produces them to an in-process Kafka broker, then
 * reads them back through (a) a plain parse → keyBy → geofence pipeline and (b) the real job path
 * (Kafka source, validation and routing, all four hiker rules with Esper), both on a local
 * MiniCluster at parallelism 2 in the same JVM, and prints events/s side by side. Then measures
 * the keyed state per device: heap growth and serialized size over 100,000 devices.
 *
 * <p>Arguments: {@code [fixes] [devices]} (default 3,000,000 and 100,000). Run it as the README says.
 */
public final class LostPersonBench {
    static final FeedTopics TOPICS = new FeedTopics("bench.locations", "bench.calls", "bench.sensors");
    static final long T0 = Instant.parse("2026-12-19T01:00:00Z").toEpochMilli();

    public static void main(String[] args) throws Exception {
        int fixes = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        String bootstrap = TestKafka.bootstrap();
        TestKafka.createTopics(2, TOPICS.all().toArray(String[]::new));
        System.out.printf("producing %,d fixes for %,d devices to %s ...%n", fixes, devices, bootstrap);
        produce(bootstrap, fixes, devices);

        double[] peer = run("peer", bootstrap, LostPersonBench::plainGeofence, fixes);
        double[] job = run("job", bootstrap, LostPersonBench::lostPersonRules, fixes);
        long[] state = statePerDevice(devices);

        System.out.println();
        System.out.println("| pipeline (Kafka -> ..., parallelism 2, same JVM and run) | events | seconds | events/s |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| peer: parse -> keyBy -> geofence (keyed flag) | %,d | %.1f | %,.0f |%n", fixes, peer[0], peer[1]);
        System.out.printf("| lost-person job: validate -> route -> 4 hiker rules (Esper) | %,d | %.1f | %,.0f |%n", fixes, job[0], job[1]);
        System.out.println();
        System.out.println("| keyed state over " + String.format("%,d", devices) + " devices on the mountain | bytes per device |");
        System.out.println("|---|---:|");
        System.out.printf("| heap growth (HashMap state backend, after GC) | %,d |%n", state[0]);
        System.out.printf("| serialized HikerState (checkpoint size) | %,d |%n", state[1]);
        System.exit(0);
    }

    interface Pipeline {
        void build(DataStream<FeedRecord> feed);
    }

    /** Counts fixes where both pipelines hand them to their keyed operator (same JVM: a static). */
    static final java.util.concurrent.atomic.AtomicLong SEEN = new java.util.concurrent.atomic.AtomicLong();
    static volatile long firstNanos;
    static volatile long lastNanos;

    static <T> DataStream<T> metered(DataStream<T> in) {
        return in.map(x -> {
            long n = SEEN.incrementAndGet();
            long now = System.nanoTime();
            if (n == 1) {
                firstNanos = now;
            }
            lastNanos = now;
            return x;
        }).returns(in.getType()).name("meter");
    }

    /**
     * Events/s between the first and the last fix reaching the keyed operator's input: the
     * streaming rate under backpressure, without MiniCluster start-up or the end-of-input flush
     * (which fires every pending timer at once).
     */
    static double[] run(String name, String bootstrap, Pipeline pipeline, int fixes) throws Exception {
        SEEN.set(0);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        DataStream<FeedRecord> feed = env.fromSource(
                KafkaIo.feedSource(bootstrap, TOPICS, "bench-" + name + "-" + System.nanoTime(), WorldRef.packaged(), true, true),
                KafkaIo.watermarks(Duration.ofMinutes(2), Duration.ofSeconds(5)), "kafka");
        pipeline.build(feed);
        env.execute("bench-" + name);
        double seconds = (lastNanos - firstNanos) / 1e9;
        return new double[] {seconds, SEEN.get() / seconds};
    }

    static void plainGeofence(DataStream<FeedRecord> feed) {
        metered(feed.filter(r -> r.location() != null).map(FeedRecord::location))
                .keyBy(LocationFix::deviceId)
                .process(new Geofence())
                .sinkTo(new DiscardingSink<>());
    }

    static void lostPersonRules(DataStream<FeedRecord> feed) {
        FeedRouter.Routed routed = FeedRouter.route(feed);
        DataStream<Alert> alerts = LostPersonTopology.apply(metered(routed.locations()), routed.calls(), HikerRuleParams.defaults(),
                WorldRef.packaged(), TOPICS);
        alerts.sinkTo(new DiscardingSink<>());
        routed.deadLetters().sinkTo(new DiscardingSink<>());
    }

    /** The peer: remembers per device whether it is on the mountain and emits the transitions. */
    static final class Geofence extends KeyedProcessFunction<String, LocationFix, String> {
        private transient ValueState<Boolean> inside;
        private transient HikerGeo geo;

        @Override
        public void open(OpenContext ctx) {
            inside = getRuntimeContext().getState(new ValueStateDescriptor<>("inside", Types.BOOLEAN));
            geo = new HikerGeo(WorldRef.packaged().load(), HikerRuleParams.defaults());
        }

        @Override
        public void processElement(LocationFix f, Context ctx, Collector<String> out) throws Exception {
            boolean now = geo.onMountain(f.lon(), f.lat());
            Boolean before = inside.value();
            if (before == null || before != now) {
                inside.update(now);
                out.collect(f.deviceId());
            }
        }
    }

    static void produce(String bootstrap, int fixes, int devices) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        SplittableRandom r = new SplittableRandom(42);
        double[][] home = new double[devices][];
        for (int d = 0; d < devices; d++) {
            home[d] = d % 2 == 0
                    ? new double[] {119.57 + r.nextDouble() * 0.16, 29.165 + r.nextDouble() * 0.09}
                    : new double[] {119.60 + r.nextDouble() * 0.10, 29.05 + r.nextDouble() * 0.06};
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < fixes; i++) {
                int d = i % devices;
                long round = i / devices;
                long ts = T0 + round * 30_000 + r.nextInt(20_000);
                double lon = home[d][0] + r.nextDouble(-0.0003, 0.0003);
                double lat = home[d][1] + r.nextDouble(-0.0003, 0.0003);
                String json = "{\"deviceId\":\"dev-" + d + "\",\"ts\":\""
                        + Instant.ofEpochMilli(ts).atOffset(ZoneOffset.ofHours(8)) + "\",\"lat\":" + lat + ",\"lon\":" + lon
                        + ",\"accuracyM\":" + (5 + r.nextInt(25)) + ",\"source\":\"GPS\",\"batteryPct\":" + (20 + r.nextInt(80)) + "}";
                producer.send(new ProducerRecord<>(TOPICS.locations(), ("dev-" + d).getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Heap growth and serialized size of the rules' keyed state for devices all on the mountain. */
    static long[] statePerDevice(int devices) throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, LocationFix, EmergencyCall, Alert> h =
                new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new HikerRulesFunction(
                        HikerRuleParams.defaults(), WorldRef.packaged(), HikerEsper.compile(), TOPICS)),
                        HikerRulesFunction.fixKey(), HikerRulesFunction.callKey(), Types.STRING);
        h.setup();
        h.open();
        h.processBothWatermarks(new Watermark(T0));
        SplittableRandom r = new SplittableRandom(7);
        long before = usedHeap();
        for (int round = 0; round < 3; round++) {
            for (int d = 0; d < devices; d++) {
                long ts = T0 + 60_000 + round * 60_000 + d % 1000;
                double lon = 119.60 + (d % 317) * 0.0003;
                double lat = 29.17 + (d % 211) * 0.0003;
                h.processElement1(new LocationFix("dev-" + d, ts, Instant.ofEpochMilli(ts).atOffset(ZoneOffset.ofHours(8)).toString(),
                        lat + r.nextDouble(-0.00005, 0.00005), lon, 10, "GPS", 50), ts);
            }
        }
        long after = usedHeap();
        TypeSerializer<HikerState> ser = TypeInformation.of(HikerState.class).createSerializer(new SerializerConfigImpl());
        HikerState sample = new HikerState();
        sample.lastTs = T0;
        sample.lastTsText = "2026-12-19T09:03:00.123+08:00";
        sample.lastSource = "GPS";
        sample.pending = new long[8];
        DataOutputSerializer out = new DataOutputSerializer(512);
        ser.serialize(sample, out);
        long perDevice = (after - before) / devices;
        h.close();
        return new long[] {perDevice, out.length()};
    }

    static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
