package cn.jinhua.risk.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Reorders records the way Kafka may deliver them to the job: records of different keys
 * (sensors, devices) interleave in any order within the out-of-orderness bound, while each key's
 * own records keep their order (one key, one partition). Each record is moved to its time plus a
 * random delay below the bound, the records are sorted by that, and then each key's records are put
 * back into the slots its records took, in their original order. No record arrives after one
 * stamped a bound or more later than itself, so none is late for a watermark that trails the newest
 * record by the bound.
 */
public final class BoundedShuffle {
    private BoundedShuffle() {
    }

    /**
     * @param records in the order the source wrote them (each key's records in time order)
     * @param key a record's key; records without one (null) keep their own slot
     * @param time a record's event time, epoch ms; {@link Long#MIN_VALUE} for a record without one,
     *     which keeps its position relative to its neighbours
     * @param boundMillis the largest delay, exclusive
     */
    public static <T> List<T> of(List<T> records, Function<T, Object> key, ToLongFunction<T> time, long boundMillis,
                                 Random random) {
        int n = records.size();
        long[] arrival = new long[n];
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long t = time.applyAsLong(records.get(i));
            long base = t == Long.MIN_VALUE ? previous : t;
            arrival[i] = base == Long.MIN_VALUE ? Long.MIN_VALUE : base + (long) (random.nextDouble() * (boundMillis - 1));
            if (t != Long.MIN_VALUE) {
                previous = t;
            }
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> arrival[i]).thenComparingInt(i -> i));
        Map<Object, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object k = key.apply(records.get(i));
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        Map<Object, Integer> taken = new HashMap<>();
        List<T> out = new ArrayList<>(n);
        for (int slot : order) {
            Object k = key.apply(records.get(slot));
            if (k == null) {
                out.add(records.get(slot));
                continue;
            }
            int next = taken.merge(k, 1, Integer::sum) - 1;
            out.add(records.get(byKey.get(k).get(next)));
        }
        return out;
    }
}
