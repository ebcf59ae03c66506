package cn.jinhua.risk.bench.jobs;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.Detections;
import cn.jinhua.risk.jobs.changes.ChangeDecider;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedRouter;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.FeedWatermarks;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.RecordClock;
import cn.jinhua.risk.jobs.io.KafkaIo;
import cn.jinhua.risk.jobs.io.TestKafka;
import cn.jinhua.risk.jobs.lostperson.HikerGeo;
import cn.jinhua.risk.jobs.lostperson.HikerInput;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.lostperson.HikerState;
import cn.jinhua.risk.jobs.lostperson.LostPersonRulesFunction;
import cn.jinhua.risk.jobs.lostperson.LostPersonRulesOperator;
import cn.jinhua.risk.jobs.lostperson.LostPersonTopology;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Speed harness for the lost-person job (not a test): generates location fixes for 100,000 devices
 * (half on or around Beishan, half in town), produces them to Kafka (an in-process broker, or an
 * external one with {@code --bootstrap host:port}, e.g. the one {@code ./risk up} starts), then
 * reads them back through (a) a plain parse → keyBy → geofence pipeline and (b) the real job path
 * (Kafka source, validation and routing, all four hiker rules with Esper) and (c) two of those
 * rules, signal-lost and off-trail-stationary, written in Flink CEP ({@link HikerCep}), all on a local
 * MiniCluster at parallelism 2 in the same JVM, and prints events/s side by side with the CPU
 * each spent per event, split by where it went (source chain, keyed operator chains, broker, GC,
 * JIT and VM), and the alerts the job's and CEP's versions of the two rules raised, matched by
 * device and event time. Then measures the keyed state per device: heap growth and serialized
 * size over 100,000 devices. Topics are named per run and deleted afterwards.
 *
 * <p>Arguments: {@code [fixes] [devices] [--bootstrap host:port]} (default 3,000,000 and 100,000,
 * in-process broker). Run it as flink-jobs/README.md says ("Speed harness").
 */
public final class LostPersonBench {
    static final long T0 = Instant.parse("2026-12-19T01:00:00Z").toEpochMilli();
    /** Per run, so a shared external broker never mixes runs. */
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    static final FeedTopics TOPICS = topics("bench");
    /** A smaller feed read once by each pipeline before measuring, so both are measured JIT-warm. */
    static final FeedTopics WARM_UP = topics("bench-warm-up");
    static final int WARM_UP_FIXES = 1_000_000;
    static final int WARM_UP_DEVICES = 50_000;

    /** The packaged seed world, loaded once and shipped to every operator of both pipelines. */
    static final WorldSnapshot WORLD = WorldSnapshot.load(null);

    static FeedTopics topics(String prefix) {
        return new FeedTopics(prefix + ".locations." + RUN, prefix + ".calls." + RUN, prefix + ".sensors." + RUN);
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LostPersonBench: " + e.getMessage());
            System.err.println("usage: LostPersonBench [fixes] [devices] [--bootstrap host:port]");
            code = 2;
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        try {
            TestKafka.stop();
        } catch (Exception e) {
            System.err.println("LostPersonBench: stopping the in-process broker failed: " + e);
        }
        // Flink's and the broker's threads would keep the JVM alive.
        System.exit(code);
    }

    static void run(String[] args) throws Exception {
        int fixes = 3_000_000;
        int devices = 100_000;
        String external = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--bootstrap")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--bootstrap needs host:port");
                }
                external = args[++i];
            } else if (args[i].startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            } else {
                positional.add(args[i]);
            }
        }
        try {
            if (positional.size() > 0) {
                fixes = Integer.parseInt(positional.get(0));
            }
            if (positional.size() > 1) {
                devices = Integer.parseInt(positional.get(1));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fixes and devices must be whole numbers: " + e.getMessage());
        }
        if (fixes < devices || devices < 1) {
            throw new IllegalArgumentException("need at least one device and at least one fix per device");
        }
        String bootstrap = external != null ? external : TestKafka.bootstrap();
        createTopics(bootstrap);
        try (CpuSampler cpu = new CpuSampler()) {
            System.out.printf("producing %,d fixes for %,d devices to %s (%s broker) ...%n", fixes, devices, bootstrap,
                    external != null ? "external" : "in-process");
            produce(bootstrap, WARM_UP, "warm-", WARM_UP_FIXES, WARM_UP_DEVICES);
            produce(bootstrap, TOPICS, "dev-", fixes, devices);

            Result peer = run("peer", bootstrap, LostPersonBench::plainGeofence, cpu);
            Result job = run("job", bootstrap, LostPersonBench::lostPersonRules, cpu);
            Map<String, Set<String>> jobRaised = raisedSnapshot();
            Result cep = run("cep", bootstrap, LostPersonBench::cepRules, cpu);
            Map<String, Set<String>> cepRaised = raisedSnapshot();
            deleteTopics(bootstrap);
            long[] state = statePerDevice(devices);

            System.out.println();
            System.out.println("| pipeline (Kafka -> ..., parallelism 2, same JVM and run) | events | seconds | events/s | CPU µs/event"
                    + " | seconds to the last alert (flush included) | events/s | CPU µs/event |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            row("peer: parse -> keyBy -> geofence (keyed flag)", peer);
            row("lost-person job: validate -> route -> 4 hiker rules (Esper)", job);
            row("Flink CEP: validate -> route -> geofence -> signal-lost + off-trail-stationary", cep);
            System.out.printf("| job ÷ CEP (events/s) | | | %.1f× | | | %.1f× | |%n", job.streaming().rate(job.events())
                    / cep.streaming().rate(cep.events()), job.toLastAlert().rate(job.events()) / cep.toLastAlert().rate(cep.events()));
            System.out.println();
            System.out.println("| alerts (device, event time) raised in the measured run, the end-of-input flush included | job | Flink CEP | both |");
            System.out.println("|---|---:|---:|---:|");
            for (String rule : List.of(HikerCep.SIGNAL_LOST, HikerCep.OFF_TRAIL_STATIONARY)) {
                Set<String> byJob = jobRaised.getOrDefault(rule, Set.of());
                Set<String> byCep = cepRaised.getOrDefault(rule, Set.of());
                System.out.printf("| %s | %,d | %,d | %,d |%n", rule, byJob.size(), byCep.size(),
                        byJob.stream().filter(byCep::contains).count());
            }
            System.out.println();
            System.out.println("| where the CPU went (µs per event) | peer | job | Flink CEP | job, to the last alert | Flink CEP, to the last alert |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            List<String> rows = new ArrayList<>(CpuSampler.GROUPS);
            rows.add(CpuSampler.JIT_ELAPSED);
            for (String g : rows) {
                String f = g.equals(CpuSampler.JIT_ELAPSED) ? "(%.2f)" : "%.2f";
                System.out.printf("| %s | " + f + " | " + f + " | " + f + " | " + f + " | " + f + " |%n", g,
                        peer.streaming().micros(g, peer.events()), job.streaming().micros(g, job.events()),
                        cep.streaming().micros(g, cep.events()), job.toLastAlert().micros(g, job.events()),
                        cep.toLastAlert().micros(g, cep.events()));
            }
            System.out.printf("| process total (%s cores available) | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    Runtime.getRuntime().availableProcessors(), peer.streaming().cpuMicrosPerEvent(peer.events()),
                    job.streaming().cpuMicrosPerEvent(job.events()), cep.streaming().cpuMicrosPerEvent(cep.events()),
                    job.toLastAlert().cpuMicrosPerEvent(job.events()), cep.toLastAlert().cpuMicrosPerEvent(cep.events()));
            System.out.println();
            System.out.println("| keyed state over " + String.format("%,d", devices) + " devices on the mountain | bytes per device |");
            System.out.println("|---|---:|");
            System.out.printf("| heap growth (HashMap state backend, after GC) | %,d |%n", state[0]);
            System.out.printf("| serialized HikerState (checkpoint size) | %,d |%n", state[1]);
        }
    }

    /**
     * One measured pipeline run: fixes counted where the pipeline hands them to its rules, and two
     * windows from the first of them: to the last one the rules read (the streaming rate) and to
     * the last alert (the end-of-input flush included).
     */
    record Result(long events, Window streaming, Window toLastAlert) {
    }

    /** Wall time and the CPU seconds per group ({@link CpuSampler#between}) of one window. */
    record Window(double seconds, Map<String, Double> cpuSeconds) {
        double rate(long events) {
            return events / seconds;
        }

        double micros(String group, long events) {
            return cpuSeconds.get(group) * 1e6 / events;
        }

        double cpuMicrosPerEvent(long events) {
            return micros("process", events);
        }
    }

    static void row(String label, Result r) {
        System.out.printf("| %s | %,d | %.1f | %,.0f | %.1f | %.1f | %,.0f | %.1f |%n", label, r.events(),
                r.streaming().seconds(), r.streaming().rate(r.events()), r.streaming().cpuMicrosPerEvent(r.events()),
                r.toLastAlert().seconds(), r.toLastAlert().rate(r.events()), r.toLastAlert().cpuMicrosPerEvent(r.events()));
    }

    static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(java.util.stream.Stream.concat(TOPICS.all().stream(), WARM_UP.all().stream())
                            .map(t -> new NewTopic(t, 2, (short) 1)).toList()).all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    static void deleteTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> all = new ArrayList<>(TOPICS.all());
            all.addAll(WARM_UP.all());
            admin.deleteTopics(all).all().get(60, TimeUnit.SECONDS);
        }
    }

    interface Pipeline {
        void build(DataStream<FeedRecord> feed, FeedTopics topics);
    }

    /**
     * Alerts raised per rule in the last run, warm-up excluded (same JVM: a static), each as device
     * and event time, so that the job's and CEP's versions of a rule are matched alert by alert.
     */
    static final Map<String, Set<String>> RAISED = new ConcurrentHashMap<>();

    static void raised(String rule, String device, long eventTime) {
        RAISED.computeIfAbsent(rule, k -> ConcurrentHashMap.newKeySet()).add(device + "@" + eventTime);
        lastAlertNanos = System.nanoTime();
    }

    static Map<String, Set<String>> raisedSnapshot() {
        Map<String, Set<String>> out = new TreeMap<>();
        RAISED.forEach((k, v) -> out.put(k, Set.copyOf(v)));
        return out;
    }

    /** Counts fixes where both pipelines hand them to their keyed operator (same JVM: a static). */
    static final java.util.concurrent.atomic.AtomicLong SEEN = new java.util.concurrent.atomic.AtomicLong();
    static volatile long firstNanos;
    static volatile long lastNanos;
    static volatile long lastAlertNanos;

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
     * Events/s from the first fix reaching the rules to the last fix read by them: the streaming
     * rate under backpressure, without MiniCluster start-up or the end-of-input flush (which fires
     * every pending timer at once). The job reads a fix as it arrives; Flink CEP sorts each
     * device's fixes by event time and matches one only once the watermark has passed it, so its
     * window ends when a pattern last read a fix ({@link HikerCep#lastReadNanos}). Also from the
     * first fix to the last alert, the flush included. The process CPU of both windows.
     */
    static Result run(String name, String bootstrap, Pipeline pipeline, CpuSampler cpu) throws Exception {
        execute(name + "-warm-up", bootstrap, WARM_UP, pipeline);
        // Each pipeline starts on a collected heap, not on the previous run's garbage.
        usedHeap();
        execute(name, bootstrap, TOPICS, pipeline);
        long lastRead = Math.max(lastNanos, HikerCep.lastReadNanos);
        long lastAlert = Math.max(lastRead, lastAlertNanos);
        return new Result(SEEN.get(), new Window((lastRead - firstNanos) / 1e9, cpu.between(firstNanos, lastRead)),
                new Window((lastAlert - firstNanos) / 1e9, cpu.between(firstNanos, lastAlert)));
    }

    static void execute(String name, String bootstrap, FeedTopics topics, Pipeline pipeline) throws Exception {
        SEEN.set(0);
        RAISED.clear();
        lastAlertNanos = 0;
        HikerCep.lastReadNanos = 0;
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // On a machine shared with other builds (load average near 20), the MiniCluster's own
        // TaskManager missed Flink's 50 s heartbeat and the run failed: the harness measures speed,
        // it has no failure to detect.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofMinutes(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        DataStream<FeedRecord> feed = env.fromSource(
                KafkaIo.feedSource(bootstrap, topics, List.of(topics.locations(), topics.calls()),
                        "bench-" + name + "-" + System.nanoTime(), RecordClock.trustRecords(), true, true),
                FeedWatermarks.strategy(Duration.ofMinutes(2), Duration.ofSeconds(5), RecordClock.trustRecords()), "kafka");
        pipeline.build(feed, topics);
        env.execute("bench-" + name);
    }

    static void plainGeofence(DataStream<FeedRecord> feed, FeedTopics topics) {
        metered(feed.filter(r -> r.location() != null).map(FeedRecord::location))
                .keyBy(LocationFix::deviceId)
                .process(new Geofence())
                .sinkTo(new DiscardingSink<>());
    }

    static void lostPersonRules(DataStream<FeedRecord> feed, FeedTopics topics) {
        FeedRouter.Routed routed = FeedRouter.route(feed, "lost-person");
        // The rules as they start, with no live change: the same snapshot a job without changes broadcasts.
        DataStream<String> liveRules = feed.getExecutionEnvironment().fromData(
                new ChangeDecider(HikerRuleParams.defaults(), WastewaterParams.defaults()).initial().toJson());
        Detections detections = LostPersonTopology.apply(metered(routed.locations()), routed.calls(), liveRules,
                HikerRuleParams.defaults(), WORLD, topics);
        detections.alerts().map(a -> {
            raised(a.ruleId(), a.subjectId(), IsoTimes.parseMillis(a.eventTime()));
            return a;
        }).returns(detections.alerts().getType()).name("count alerts").sinkTo(new DiscardingSink<>());
        routed.deadLetters().union(detections.deadLetters()).sinkTo(new DiscardingSink<>());
    }

    /** hiker.signal-lost and hiker.off-trail-stationary in Flink CEP ({@link HikerCep}), on the same routed fixes. */
    static void cepRules(DataStream<FeedRecord> feed, FeedTopics topics) {
        FeedRouter.Routed routed = FeedRouter.route(feed, "lost-person");
        HikerCep.rules(metered(routed.locations()), WORLD, HikerRuleParams.defaults()).map(r -> {
            raised(r.ruleId(), r.deviceId(), r.eventTime());
            return r;
        }).returns(HikerCep.Raised.class).name("count alerts").sinkTo(new DiscardingSink<>());
        routed.deadLetters().sinkTo(new DiscardingSink<>());
    }

    /** The peer: remembers per device whether it is on the mountain and emits the transitions. */
    static final class Geofence extends KeyedProcessFunction<String, LocationFix, String> {
        private transient ValueState<Boolean> inside;
        private transient HikerGeo geo;

        @Override
        public void open(OpenContext ctx) {
            inside = getRuntimeContext().getState(new ValueStateDescriptor<>("inside", Types.BOOLEAN));
            geo = new HikerGeo(WORLD.world(), HikerRuleParams.defaults());
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

    static void produce(String bootstrap, FeedTopics topics, String devicePrefix, int fixes, int devices) throws Exception {
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
                String json = "{\"deviceId\":\"" + devicePrefix + d + "\",\"ts\":\""
                        + Instant.ofEpochMilli(ts).atOffset(ZoneOffset.ofHours(8)) + "\",\"lat\":" + lat + ",\"lon\":" + lon
                        + ",\"accuracyM\":" + (5 + r.nextInt(25)) + ",\"source\":\"GPS\",\"batteryPct\":" + (20 + r.nextInt(80)) + "}";
                producer.send(new ProducerRecord<>(topics.locations(), (devicePrefix + d).getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Heap growth and serialized size of the rules' keyed state for devices all on the mountain. */
    static long[] statePerDevice(int devices) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> h = new KeyedBroadcastOperatorTestHarness<>(
                new LostPersonRulesOperator(new LostPersonRulesFunction(HikerRuleParams.defaults(), WORLD,
                        LostPersonRulesFunction.compileEpl(), TOPICS)),
                LostPersonRulesFunction.key(), Types.STRING, 1, 1, 0);
        h.open();
        h.processWatermark(T0);
        h.processBroadcastWatermark(Long.MAX_VALUE);
        SplittableRandom r = new SplittableRandom(7);
        long before = usedHeap();
        for (int round = 0; round < 3; round++) {
            for (int d = 0; d < devices; d++) {
                long ts = T0 + 60_000 + round * 60_000 + d % 1000;
                double lon = 119.60 + (d % 317) * 0.0003;
                double lat = 29.17 + (d % 211) * 0.0003;
                h.processElement(HikerInput.of(new LocationFix("dev-" + d, ts, Instant.ofEpochMilli(ts).atOffset(ZoneOffset.ofHours(8)).toString(),
                        lat + r.nextDouble(-0.00005, 0.00005), lon, 10, "GPS", 50, 0, d)), ts);
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
