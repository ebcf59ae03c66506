package cn.jinhua.risk.backtest;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Holds a backtest's feed back until its live changes have been decided, so that the rules meet
 * the first record with the changes applied. The backtest runs its MiniCluster in the JVM that
 * started it, which is what lets the command and the feed's operator share a latch by name.
 * Thread-safe.
 */
final class FeedGate {
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private FeedGate() {
    }

    /** A new closed gate; its name travels with the feed's operator. */
    static String close() {
        String name = UUID.randomUUID().toString();
        GATES.put(name, new CountDownLatch(1));
        return name;
    }

    static void open(String name) {
        CountDownLatch gate = GATES.get(name);
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Forgets the gate (opening it first, so nothing waits on it for ever). */
    static void remove(String name) {
        CountDownLatch gate = GATES.remove(name);
        if (gate != null) {
            gate.countDown();
        }
    }

    /**
     * Waits until the gate opens.
     *
     * @throws IllegalStateException when no gate of this name was closed in this JVM: the feed runs
     *     elsewhere than the command that started the backtest
     */
    static void await(String name) throws InterruptedException {
        CountDownLatch gate = GATES.get(name);
        if (gate == null) {
            throw new IllegalStateException("backtest gate " + name + " is unknown in this JVM: the backtest's"
                    + " feed must run on the MiniCluster of the command that started it");
        }
        gate.await();
    }
}
