package cn.jinhua.risk.api.security;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per user name and per client address over a sliding window
 * ({@link LoginProperties}). A name or an address with too many recent failures is refused before
 * its password is checked, so guessing costs the guesser time and the server nothing. A successful
 * login clears its name's failures, not its address's: one good account must not reset a guesser's
 * count. Unknown names are counted like known ones, so throttling tells nothing about which exist.
 *
 * <p>Memory is bounded: past {@code maxTracked} keys, expired windows are dropped, then the oldest
 * keys. Thread-safe.
 */
@Singleton
final class LoginThrottle {
    private final LoginProperties props;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(LoginProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    /** Seconds until a login of this name from this address may be tried, or 0 when it may now. */
    long retryAfterSeconds(String username, String address) {
        long now = clock.millis();
        long wait = Math.max(waitMillis(userKey(username), props.maxFailuresPerUser(), now),
                waitMillis(addressKey(address), props.maxFailuresPerAddress(), now));
        return wait <= 0 ? 0 : (wait + 999) / 1000;
    }

    void failed(String username, String address) {
        long now = clock.millis();
        record(userKey(username), now);
        record(addressKey(address), now);
        if (failures.size() > props.maxTracked()) {
            evict(now);
        }
    }

    void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private long waitMillis(String key, int limit, long now) {
        Failures f = failures.get(key);
        return f == null ? 0 : f.waitMillis(limit, now, props.window().toMillis());
    }

    private void record(String key, long now) {
        failures.computeIfAbsent(key, k -> new Failures()).add(now, props.window().toMillis());
    }

    private void evict(long now) {
        long window = props.window().toMillis();
        failures.entrySet().removeIf(e -> e.getValue().expired(now, window));
        Iterator<String> keys = failures.keySet().iterator();
        while (failures.size() > props.maxTracked() && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    /** The times of one key's failures within the window, oldest first. */
    private static final class Failures {
        private final ArrayDeque<Long> times = new ArrayDeque<>();

        synchronized void add(long now, long window) {
            prune(now, window);
            times.addLast(now);
        }

        synchronized long waitMillis(int limit, long now, long window) {
            prune(now, window);
            if (times.size() < limit) {
                return 0;
            }
            // Allowed again when all but limit - 1 of the failures have left the window.
            int skip = times.size() - limit;
            Iterator<Long> it = times.iterator();
            for (int i = 0; i < skip; i++) {
                it.next();
            }
            return it.next() + window - now;
        }

        synchronized boolean expired(long now, long window) {
            prune(now, window);
            return times.isEmpty();
        }

        private void prune(long now, long window) {
            while (!times.isEmpty() && times.peekFirst() <= now - window) {
                times.removeFirst();
            }
        }
    }
}
