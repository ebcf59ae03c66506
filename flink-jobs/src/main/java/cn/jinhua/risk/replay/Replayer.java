package cn.jinhua.risk.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Produces scenario entries to Kafka paced by their event time: with speed S, an entry whose pace
 * time is t waits until (t - first) / S of wall time has passed since the start ({@code speed <= 0}
 * means as fast as possible). An entry's pace time is the highest ts seen so far in its file, so an
 * out-of-order record or a raw line without a ts goes out right after its predecessor. Entries of
 * several files are merged by pace time (file order kept for ties). Not thread-safe.
 */
public final class Replayer {
    /** Sleeps; tests replace it. */
    public interface Clock {
        long nanoTime();

        void sleepMillis(long ms) throws InterruptedException;
    }

    /** The wall clock. */
    public static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepMillis(long ms) throws InterruptedException {
            Thread.sleep(ms);
        }
    };

    private record Paced(ScenarioFile.Entry entry, long pace, int order) {
    }

    private final Producer<byte[], byte[]> producer;
    private final double speed;
    private final PrintStream progress;
    private final Clock clock;
    private final String label;

    public Replayer(Producer<byte[], byte[]> producer, double speed, PrintStream progress, Clock clock) {
        this(producer, speed, progress, clock, null);
    }

    /** @param label what the progress lines name (the files), or null */
    public Replayer(Producer<byte[], byte[]> producer, double speed, PrintStream progress, Clock clock, String label) {
        this.producer = producer;
        this.speed = speed;
        this.progress = progress;
        this.clock = clock;
        this.label = label;
    }

    /** Merges the files' entries into the order they are sent in. */
    public static List<ScenarioFile.Entry> schedule(List<List<ScenarioFile.Entry>> files, long[] paceOut) {
        List<Paced> all = new ArrayList<>();
        int order = 0;
        for (List<ScenarioFile.Entry> file : files) {
            long max = Long.MIN_VALUE;
            for (ScenarioFile.Entry e : file) {
                max = Math.max(max, e.tsMillis());
                all.add(new Paced(e, max, order++));
            }
        }
        all.sort(Comparator.comparingLong(Paced::pace).thenComparingInt(Paced::order));
        List<ScenarioFile.Entry> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            out.add(all.get(i).entry());
            if (paceOut != null) {
                paceOut[i] = all.get(i).pace();
            }
        }
        return out;
    }

    /**
     * @return records sent per topic, in topic order
     * @throws ExecutionException when the broker refuses a record (the message names file and line)
     */
    public Map<String, Integer> replay(List<List<ScenarioFile.Entry>> files) throws InterruptedException, ExecutionException {
        int total = files.stream().mapToInt(List::size).sum();
        long[] pace = new long[total];
        List<ScenarioFile.Entry> entries = schedule(files, pace);
        Map<String, Integer> counts = new TreeMap<>();
        long startNanos = clock.nanoTime();
        long firstPace = Long.MIN_VALUE;
        long lastReport = startNanos;
        List<Future<RecordMetadata>> inFlight = new ArrayList<>();
        List<ScenarioFile.Entry> inFlightEntries = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ScenarioFile.Entry e = entries.get(i);
            if (pace[i] != Long.MIN_VALUE) {
                if (firstPace == Long.MIN_VALUE) {
                    firstPace = pace[i];
                }
                if (speed > 0) {
                    long dueNanos = startNanos + (long) ((pace[i] - firstPace) / speed * 1_000_000);
                    long waitMs = (dueNanos - clock.nanoTime()) / 1_000_000;
                    if (waitMs > 0) {
                        awaitAll(inFlight, inFlightEntries);
                        clock.sleepMillis(waitMs);
                    }
                }
            }
            inFlight.add(producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value())));
            inFlightEntries.add(e);
            counts.merge(e.topic(), 1, Integer::sum);
            long now = clock.nanoTime();
            if (now - lastReport > 2_000_000_000L || i == entries.size() - 1) {
                lastReport = now;
                progress.printf("replay%s: %d/%d sent (%d%%)%s%n", label == null ? "" : " " + label, i + 1, entries.size(),
                        (i + 1) * 100 / entries.size(),
                        pace[i] == Long.MIN_VALUE ? "" : ", event time " + cn.jinhua.risk.contract.IsoTimes.format(pace[i]));
            }
            if (inFlight.size() >= 10_000) {
                awaitAll(inFlight, inFlightEntries);
            }
        }
        producer.flush();
        awaitAll(inFlight, inFlightEntries);
        return counts;
    }

    private static void awaitAll(List<Future<RecordMetadata>> inFlight, List<ScenarioFile.Entry> entries)
            throws InterruptedException, ExecutionException {
        for (int i = 0; i < inFlight.size(); i++) {
            try {
                inFlight.get(i).get();
            } catch (ExecutionException ex) {
                ScenarioFile.Entry e = entries.get(i);
                throw new ExecutionException(e.file() + ":" + e.line() + ": Kafka refused the record for topic "
                        + e.topic() + ": " + ex.getCause().getMessage(), ex.getCause());
            }
        }
        inFlight.clear();
        entries.clear();
    }
}
