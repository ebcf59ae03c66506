package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link HttpAlertSink}. The task thread only queues alerts ({@link #write}); a
 * thread of the writer's own makes batches of them in arrival order and posts up to
 * {@code concurrency} at once while the API answers within a second (fewer, down to one, while it
 * is slower or failing: then parallel requests would only split the batches and add to its load),
 * each retried until it is accepted. A batch holds no incident another
 * batch under way holds, so each incident's alerts reach the API in order (the API keeps that order)
 * while an alert of another incident does not wait behind a slow request. The queue, the batches
 * under way included, is the writer's checkpointed state, so checkpoints never wait for the API. A batch the
 * API finds invalid (400, 422: it then stores none of it) is split: its incidents are posted alert
 * by alert, one after the other per incident and different incidents in parallel, so that only the
 * bad alerts go to the dead-letter queue. A batch too large for the API (413) is halved; a single
 * alert too large is trimmed ({@link AlertTrimmer}) to half its size until it is taken.
 *
 * <p>Metrics: {@code apiRetries} (failed posts retried), {@code apiAlertsRejected} (dead-lettered),
 * {@code apiAlertsTrimmed} (trimmed after a 413), {@code apiPendingAlerts} (waiting, gauge),
 * {@code apiFailingForMs} (how long the API has failed without a success, 0 while it takes alerts).
 * {@link #write}, {@link #flush}, {@link #snapshotState} and {@link #close} are called by the task
 * thread; everything they share with the posting thread is guarded by {@code lock}.
 */
final class HttpAlertWriter implements StatefulSinkWriter<AlertRecord, AlertRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAlertWriter.class);
    static final String ALERTS_TOPIC = "risk.alerts";
    /** Bytes of alerts in one request at most; the API takes 16 MB bodies. */
    static final int MAX_BATCH_BYTES = 8 << 20;
    /** Smallest size a 413-refused alert is trimmed to before the refusal counts as the API's misconfiguration. */
    static final int MIN_TRIM_BYTES = 4_096;
    /** A request slower than this (the second an alert has to reach the screen) halves the requests allowed under way. */
    static final long SLOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a failure that goes on is logged again. */
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** @param order arrival order, for the checkpoint */
    private record Waiting(AlertRecord alert, long arrivedNanos, long order) {
    }

    /** The alerts of one incident not yet accepted: those under way, then those waiting. Guarded by {@code lock}. */
    private static final class Incident {
        final List<Waiting> underWay = new ArrayList<>();
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        int criticalWaiting;
    }

    private enum Verdict { ACCEPTED, INVALID, TOO_LARGE }

    private record Outcome(Verdict verdict, String reason) {
        static final Outcome ACCEPTED = new Outcome(Verdict.ACCEPTED, null);
    }

    private final HttpAlertSink.Config config;
    private final Consumer<DeadLetter> rejects;
    private final HttpClient client;
    private final ExecutorService singles;
    private final ExecutorService batches;
    private final URI endpoint;
    private final String name;
    private final Thread poster;
    private final Counter retries;
    private final Counter rejected;
    private final Counter trimmed;
    /** When the current run of failures began (System.nanoTime), 0 while the API takes alerts. */
    private final AtomicLong failingSince = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the queue, the batches under way or {@code closed} change. */
    private final Condition changed = lock.newCondition();
    /**
     * Every alert not yet accepted or dead-lettered, by incident key; an incident that had a batch
     * accepted goes to the back, so that a busy incident does not starve the others.
     */
    private final LinkedHashMap<String, Incident> incidents = new LinkedHashMap<>();
    /** Alerts waiting, and those of them CRITICAL, of incidents with none under way. */
    private int ready;
    private int readyCritical;
    private int queued;
    private long arrivals;
    private int batchesInFlight;
    /**
     * Batches allowed under way, 1 .. {@code concurrency}: one more after each request answered
     * within {@link #SLOW_NANOS}, half after a slower one, one after a failure. When the API is
     * slow, parallel requests only split the batches and add to its load.
     */
    private int allowed;
    private long queuedBytes;
    private long lastArrivalNanos;
    private boolean draining;
    private boolean holdingUp;
    private volatile boolean closed;
    private volatile Throwable failure;

    /**
     * @param name says which writer in logs (the subtask)
     * @param pending alerts a restored checkpoint held, sent first
     */
    HttpAlertWriter(HttpAlertSink.Config config, Consumer<DeadLetter> rejects, MetricGroup metrics, String name,
                    Collection<AlertRecord> pending) {
        this.config = config;
        this.rejects = rejects;
        this.name = name;
        this.endpoint = URI.create(config.apiUrl() + "/api/alerts");
        this.client = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        this.singles = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "alert-http-push-single");
            t.setDaemon(true);
            return t;
        });
        // Never more tasks than threads: the poster submits a batch only while fewer are under way.
        this.batches = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "alert-http-push-batch " + name);
            t.setDaemon(true);
            return t;
        });
        retries = metrics.counter("apiRetries", new ThreadSafeSimpleCounter());
        rejected = metrics.counter("apiAlertsRejected", new ThreadSafeSimpleCounter());
        trimmed = metrics.counter("apiAlertsTrimmed", new ThreadSafeSimpleCounter());
        metrics.gauge("apiPendingAlerts", (Gauge<Integer>) this::pendingAlerts);
        metrics.gauge("apiFailingForMs", (Gauge<Long>) () -> {
            long since = failingSince.get();
            return since == 0 ? 0L : (System.nanoTime() - since) / 1_000_000;
        });
        allowed = config.concurrency();
        long now = System.nanoTime();
        lock.lock();
        try {
            for (AlertRecord a : pending) {
                enqueue(a, now);
            }
        } finally {
            lock.unlock();
        }
        if (!pending.isEmpty()) {
            LOG.info("{}: {} alerts of the restored checkpoint are sent to {} again", name, pending.size(), endpoint);
        }
        poster = new Thread(this::postAll, "alert-http-push " + name);
        poster.setDaemon(true);
        poster.start();
    }

    // ---- the task thread

    @Override
    public void write(AlertRecord alert, Context context) throws IOException, InterruptedException {
        lock.lock();
        try {
            rethrowFailure();
            int size = alert.json().length;
            while (queuedBytes > 0 && queuedBytes + size > config.maxPendingBytes()) {
                if (!holdingUp) {
                    holdingUp = true;
                    LOG.warn("{}: {} alerts ({} MB) wait for {}: the job is held up until it takes some", name, queued,
                            queuedBytes >> 20, endpoint);
                }
                changed.await(1, TimeUnit.SECONDS);
                rethrowFailure();
            }
            if (holdingUp) {
                holdingUp = false;
                LOG.info("{}: the API takes alerts again; the job goes on", name);
            }
            enqueue(alert, System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(AlertRecord alert, long now) {
        Incident incident = incidents.computeIfAbsent(alert.incidentKey(), k -> new Incident());
        incident.waiting.addLast(new Waiting(alert, now, arrivals++));
        if (alert.critical()) {
            incident.criticalWaiting++;
        }
        if (incident.underWay.isEmpty()) {
            ready++;
            readyCritical += alert.critical() ? 1 : 0;
        }
        queued++;
        queuedBytes += alert.json().length;
        lastArrivalNanos = now;
        changed.signalAll();
    }

    /**
     * At the end of the input, waits until every alert is accepted or dead-lettered. Before a
     * checkpoint it does not wait: the alerts still waiting are in the checkpoint.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (!endOfInput) {
            return;
        }
        lock.lock();
        try {
            draining = true;
            changed.signalAll();
            while (queued > 0) {
                rethrowFailure();
                changed.await(1, TimeUnit.SECONDS);
            }
            rethrowFailure();
        } finally {
            lock.unlock();
        }
    }

    /** Every alert not yet accepted, those under way included, oldest first. */
    @Override
    public List<AlertRecord> snapshotState(long checkpointId) throws IOException {
        List<Waiting> all = new ArrayList<>();
        lock.lock();
        try {
            rethrowFailure();
            for (Incident incident : incidents.values()) {
                all.addAll(incident.underWay);
                all.addAll(incident.waiting);
            }
        } finally {
            lock.unlock();
        }
        all.sort(Comparator.comparingLong(Waiting::order));
        List<AlertRecord> out = new ArrayList<>(all.size());
        for (Waiting w : all) {
            out.add(w.alert());
        }
        return out;
    }

    private int pendingAlerts() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("pushing alerts to " + endpoint + " failed: " + f.getMessage(), f);
        }
    }

    @Override
    public void close() throws Exception {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        poster.interrupt();
        batches.shutdownNow();
        singles.shutdownNow();
        poster.join(TimeUnit.SECONDS.toMillis(10));
        if (rejects instanceof AutoCloseable c) {
            c.close();
        }
    }

    // ---- the posting thread

    private void postAll() {
        try {
            while (true) {
                List<String> batch = nextBatch();
                if (batch == null) {
                    return;
                }
                batches.execute(() -> postBatch(batch));
            }
        } catch (InterruptedException e) {
            if (!closed) {
                failed(e);
            }
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /** Runs on a thread of {@code batches}: delivers a batch, then takes it off the queue. */
    private void postBatch(List<String> batch) {
        List<AlertRecord> alerts = new ArrayList<>();
        lock.lock();
        try {
            for (String key : batch) {
                for (Waiting w : incidents.get(key).underWay) {
                    alerts.add(w.alert());
                }
            }
        } finally {
            lock.unlock();
        }
        long started = System.nanoTime();
        try {
            deliver(alerts);
        } catch (InterruptedException e) {
            if (!closed) {
                failed(e);
            }
            return;
        } catch (RuntimeException | Error e) {
            failed(e);
            return;
        }
        lock.lock();
        try {
            for (String key : batch) {
                Incident incident = incidents.remove(key);
                for (Waiting w : incident.underWay) {
                    queuedBytes -= w.alert().json().length;
                }
                queued -= incident.underWay.size();
                incident.underWay.clear();
                if (!incident.waiting.isEmpty()) {
                    incidents.put(key, incident);
                    ready += incident.waiting.size();
                    readyCritical += incident.criticalWaiting;
                }
            }
            batchesInFlight--;
            allowed = System.nanoTime() - started > SLOW_NANOS ? Math.max(1, allowed / 2)
                    : Math.min(config.concurrency(), allowed + 1);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void failed(Throwable e) {
        if (!(e instanceof InterruptedException)) {
            LOG.error("{}: pushing alerts to {} failed", name, endpoint, e);
        }
        failure = e;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The incident keys of the next batch, once one may go: fewer than {@code concurrency} batches
     * are under way and, among the alerts of incidents with none under way, a CRITICAL alert waits,
     * a batch is full or the input has ended; else when no alert has come for {@code linger}, or the
     * oldest has waited {@code maxLinger}. Null when the writer is closed or has failed.
     */
    private List<String> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && failure == null) {
                if (ready == 0 || batchesInFlight >= allowed) {
                    changed.await();
                    continue;
                }
                long now = System.nanoTime();
                long quietLeft = lastArrivalNanos + config.linger().toNanos() - now;
                if (readyCritical > 0 || draining || ready >= config.batchSize() || quietLeft <= 0) {
                    return take();
                }
                long ageLeft = oldestReady() + config.maxLinger().toNanos() - now;
                if (ageLeft <= 0) {
                    return take();
                }
                changed.awaitNanos(Math.min(quietLeft, ageLeft));
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** When the oldest alert of an incident with none under way arrived. Holds {@code lock}; fewer than a batch are ready. */
    private long oldestReady() {
        long oldest = Long.MAX_VALUE;
        for (Incident incident : incidents.values()) {
            if (incident.underWay.isEmpty() && !incident.waiting.isEmpty()) {
                oldest = Math.min(oldest, incident.waiting.peekFirst().arrivedNanos());
            }
        }
        return oldest;
    }

    /**
     * Puts the next batch under way: the waiting alerts of incidents with none under way, incident
     * after incident, up to a batch. An incident the batch cannot hold whole keeps its later
     * alerts for a batch after this one. Holds {@code lock}.
     */
    private List<String> take() {
        List<String> keys = new ArrayList<>();
        int count = 0;
        long bytes = 0;
        fill:
        for (Map.Entry<String, Incident> e : incidents.entrySet()) {
            Incident incident = e.getValue();
            if (!incident.underWay.isEmpty() || incident.waiting.isEmpty()) {
                continue;
            }
            int before = incident.waiting.size();
            int criticalBefore = incident.criticalWaiting;
            while (!incident.waiting.isEmpty()) {
                Waiting w = incident.waiting.peekFirst();
                int size = w.alert().json().length;
                if (count == config.batchSize() || (count > 0 && bytes + size > MAX_BATCH_BYTES)) {
                    break;
                }
                incident.waiting.pollFirst();
                incident.underWay.add(w);
                incident.criticalWaiting -= w.alert().critical() ? 1 : 0;
                count++;
                bytes += size;
            }
            if (!incident.underWay.isEmpty()) {
                keys.add(e.getKey());
                // Its alerts still waiting are no longer ready: they wait for this batch.
                ready -= before;
                readyCritical -= criticalBefore;
            }
            if (!incident.waiting.isEmpty()) {
                break fill;
            }
        }
        batchesInFlight++;
        return keys;
    }

    /** Posts a batch until every alert is accepted or dead-lettered. */
    private void deliver(List<AlertRecord> batch) throws InterruptedException {
        if (batch.size() == 1) {
            deliverOne(batch.get(0));
            return;
        }
        String what = "a batch of " + batch.size() + " alerts from " + batch.get(0).id();
        Outcome outcome = post(body(batch), what);
        switch (outcome.verdict()) {
            case ACCEPTED -> { }
            case TOO_LARGE -> {
                LOG.warn("{}: the API found {} too large ({}); posting it in halves", name, what, outcome.reason());
                int half = batch.size() / 2;
                deliver(batch.subList(0, half));
                deliver(batch.subList(half, batch.size()));
            }
            case INVALID -> {
                LOG.warn("{}: the API refused {} ({}); posting them one by one", name, what, outcome.reason());
                deliverOneByOne(batch);
            }
        }
    }

    private static byte[] body(List<AlertRecord> alerts) {
        int size = 2;
        for (AlertRecord a : alerts) {
            size += a.json().length + 1;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        body.write('[');
        for (int i = 0; i < alerts.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(alerts.get(i).json());
        }
        body.write(']');
        return body.toByteArray();
    }

    /** Posts alert by alert, per incident in order, incidents in parallel. */
    private void deliverOneByOne(List<AlertRecord> batch) throws InterruptedException {
        Map<String, List<AlertRecord>> byIncident = new LinkedHashMap<>();
        for (AlertRecord a : batch) {
            byIncident.computeIfAbsent(a.incidentKey(), k -> new ArrayList<>()).add(a);
        }
        List<Future<?>> running = new ArrayList<>();
        for (List<AlertRecord> incident : byIncident.values()) {
            running.add(singles.submit(() -> {
                for (AlertRecord a : incident) {
                    deliverOne(a);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("pushing alerts one by one failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            for (Future<?> f : running) {
                f.cancel(true);
            }
        }
    }

    /** Posts one alert until it is accepted or dead-lettered, trimming it while the API finds it too large. */
    private void deliverOne(AlertRecord a) throws InterruptedException {
        byte[] json = a.json();
        long backoff = config.initialBackoff().toMillis();
        while (true) {
            Outcome outcome = post(json, "alert " + a.id());
            switch (outcome.verdict()) {
                case ACCEPTED -> {
                    return;
                }
                case INVALID -> {
                    String reason = "the API refused alert " + a.id() + " with " + outcome.reason();
                    LOG.error("{}: {}; sending it to the dead-letter queue", name, reason);
                    rejected.inc();
                    rejects.accept(DeadLetter.of(ALERTS_TOPIC, -1, -1, json, "alert-rejected", reason));
                    return;
                }
                case TOO_LARGE -> {
                    int target = json.length / 2;
                    if (target < MIN_TRIM_BYTES) {
                        // Even a bare alert is too large for it: the API's limit needs raising, which only
                        // an operator can do. Keep the alert and try again later.
                        noteFailure("alert " + a.id() + " (" + json.length + " bytes)", outcome.reason()
                                + "; raise the API's risk.ingest.max-alert-bytes", backoff);
                        Thread.sleep(jittered(backoff));
                        backoff = Math.min(config.maxBackoff().toMillis(), backoff * 2);
                        continue;
                    }
                    byte[] smaller = AlertTrimmer.trim(json, target);
                    trimmed.inc();
                    LOG.warn("{}: the API found alert {} of {} bytes too large ({}); trimmed to {} bytes", name, a.id(),
                            json.length, outcome.reason(), smaller.length);
                    json = smaller;
                }
            }
        }
    }

    /**
     * Posts a body until the API accepts it, finds it invalid or too large; everything else (a
     * refused token, a missing endpoint, 5xx, timeouts, connection errors) is retried with
     * exponential backoff and jitter.
     */
    private Outcome post(byte[] json, String what) throws InterruptedException {
        long backoff = config.initialBackoff().toMillis();
        while (!closed) {
            String failed;
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(endpoint)
                        .timeout(config.requestTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
                if (config.token() != null && !config.token().isEmpty()) {
                    req.header("Authorization", "Bearer " + config.token());
                }
                HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
                int status = resp.statusCode();
                if (status >= 200 && status < 300) {
                    recovered();
                    return Outcome.ACCEPTED;
                }
                String reason = "HTTP " + status + ": " + abbreviate(resp.body());
                if (status == 400 || status == 422) {
                    recovered();
                    return new Outcome(Verdict.INVALID, reason);
                }
                if (status == 413) {
                    recovered();
                    return new Outcome(Verdict.TOO_LARGE, reason);
                }
                failed = reason + hint(status);
            } catch (IOException e) {
                failed = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            retries.inc();
            lock.lock();
            try {
                allowed = 1;
            } finally {
                lock.unlock();
            }
            noteFailure(what, failed, backoff);
            Thread.sleep(jittered(backoff));
            backoff = Math.min(config.maxBackoff().toMillis(), backoff * 2);
        }
        throw new InterruptedException("writer closed while " + what + " was undelivered");
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> " (check that the job's ingest token is the API's RISK_INGEST_TOKEN)";
            case 404, 405 -> " (check the job's --api-url)";
            default -> "";
        };
    }

    /** Between half and all of the backoff: writers that failed together do not retry together. */
    private static long jittered(long backoff) {
        return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    }

    /** Logs the first failure of a run and then one line every 30 s while it goes on. */
    private void noteFailure(String what, String failed, long backoff) {
        long now = System.nanoTime();
        boolean first = failingSince.compareAndSet(0, now);
        long last = lastFailureLog.get();
        if (first || (now - last >= LOG_EVERY_NANOS && lastFailureLog.compareAndSet(last, now))) {
            if (first) {
                lastFailureLog.set(now);
            }
            long seconds = (now - failingSince.get()) / 1_000_000_000L;
            LOG.warn("{}: pushing {} to {} failed ({}){}; {} alerts wait, kept in checkpoints; retrying in about {} ms", name,
                    what, endpoint, failed, first ? "" : ", failing for " + seconds + " s", pendingAlerts(), backoff);
        }
    }

    private void recovered() {
        long since = failingSince.getAndSet(0);
        if (since != 0) {
            LOG.info("{}: {} takes alerts again after {} s", name, endpoint, (System.nanoTime() - since) / 1_000_000_000L);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
