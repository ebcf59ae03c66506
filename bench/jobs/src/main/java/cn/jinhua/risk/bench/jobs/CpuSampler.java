package cn.jinhua.risk.bench.jobs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the process CPU time and the CPU time of every Java thread a few times a second, so the
 * harness can say where the CPU of a measured window went: the source chain (Kafka fetch, parse,
 * validate, route), the keyed operator chain, the Kafka broker when it runs in this JVM, other
 * Java threads, and the rest of the process (GC, VM and JIT compiler threads, which the thread MX
 * bean does not list), with the compilers' elapsed time as an upper bound of the JIT's share.
 * Thread CPU is attributed by thread name; a thread that ended between two samples loses at most
 * its last 200 ms. Thread-safe (synchronized). Not a test; used by {@link LostPersonBench} only.
 */
final class CpuSampler implements AutoCloseable {
    static final String SOURCE = "source chain (Kafka fetch, parse, validate, route)";
    static final String KEYED = "keyed operator chains (geofence / hiker rules / CEP patterns)";
    static final String BROKER = "Kafka broker (only when in this JVM)";
    static final String OTHER = "other Java threads (Flink runtime, harness)";
    static final String VM = "GC, JIT and VM threads (process minus listed Java threads)";
    static final List<String> GROUPS = List.of(SOURCE, KEYED, BROKER, OTHER, VM);
    /** Not CPU: the compilers' elapsed time, which includes waiting for a core (an upper bound). */
    static final String JIT_ELAPSED = "of which JIT compilation at most (compilers' elapsed time)";

    /** One sample: nano time, process CPU ns, JIT ms, CPU ns per thread (cumulative, threads alive then). */
    record Sample(long nanos, long processCpu, long jitMillis, Map<Long, long[]> threads) {
    }

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final Map<Long, Integer> groupOf = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    CpuSampler() {
        thread = new Thread(this::loop, "bench-cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long[] ids = mx.getAllThreadIds();
        ThreadInfo[] infos = mx.getThreadInfo(ids);
        Map<Long, long[]> cpu = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long t = mx.getThreadCpuTime(ids[i]);
            if (t < 0) {
                continue;
            }
            String name = infos[i].getThreadName();
            if (name.contains("CompilerThread")) {
                // Counted through the compilation MX bean instead.
                continue;
            }
            groupOf.computeIfAbsent(ids[i], id -> group(name));
            cpu.put(ids[i], new long[] {t});
        }
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        Sample s = new Sample(System.nanoTime(), os.getProcessCpuTime(), jitMillis, cpu);
        samples.add(s);
    }

    private static int group(String name) {
        if (name.startsWith("Source:") || name.startsWith("Source Data Fetcher")) {
            return GROUPS.indexOf(SOURCE);
        }
        if (name.contains("KeyedProcess") || name.contains("lost-person rules") || name.startsWith("CEP ")) {
            return GROUPS.indexOf(KEYED);
        }
        if (name.startsWith("data-plane") || name.startsWith("kafka-") || name.startsWith("broker-")
                || name.startsWith("controller-") || name.startsWith("quorum-") || name.startsWith("ExpirationReaper")
                || name.startsWith("group-coordinator") || name.startsWith("share-") || name.startsWith("raft-")
                || name.startsWith("transaction-") || name.startsWith("LogDirFailure") || name.startsWith("TxnMarker")
                || name.startsWith("AddPartitionsToTxn") || name.startsWith("persister") || name.startsWith("executor-")
                || name.startsWith("metrics-meter") || name.startsWith("client-metrics")) {
            return GROUPS.indexOf(BROKER);
        }
        return GROUPS.indexOf(OTHER);
    }

    /**
     * CPU seconds per group between the samples closest to {@code fromNanos} and {@code toNanos};
     * the last entry of the map is the process total.
     */
    synchronized Map<String, Double> between(long fromNanos, long toNanos) {
        sample();
        int from = closest(fromNanos);
        int to = closest(toNanos);
        Sample a = samples.get(from);
        Sample b = samples.get(to);
        // A thread's CPU at the end of the window: its value in the last sample up to b that has
        // it (threads of a finished job are gone by b); at the start: its value in a, or 0 when
        // it started later.
        Map<Long, Long> last = new LinkedHashMap<>();
        for (int i = from; i <= to; i++) {
            for (Map.Entry<Long, long[]> e : samples.get(i).threads().entrySet()) {
                last.put(e.getKey(), e.getValue()[0]);
            }
        }
        double[] perGroup = new double[GROUPS.size()];
        double javaThreads = 0;
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            long[] before = a.threads().get(e.getKey());
            double d = (e.getValue() - (before == null ? 0 : before[0])) / 1e9;
            perGroup[groupOf.get(e.getKey())] += d;
            javaThreads += d;
        }
        double process = (b.processCpu() - a.processCpu()) / 1e9;
        perGroup[GROUPS.indexOf(VM)] = Math.max(0, process - javaThreads);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            out.put(GROUPS.get(g), perGroup[g]);
        }
        out.put(JIT_ELAPSED, (b.jitMillis() - a.jitMillis()) / 1e3);
        out.put("process", process);
        return out;
    }

    private int closest(long nanos) {
        int best = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (Math.abs(samples.get(i).nanos() - nanos) < Math.abs(samples.get(best).nanos() - nanos)) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
