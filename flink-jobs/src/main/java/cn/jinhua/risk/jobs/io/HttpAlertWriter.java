package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link HttpAlertSink}. Buffers alerts; a flush posts them as one batch in arrival
 * order (the API keeps that order per incident), retrying it until it is accepted. A batch the API
 * refuses for good (a 4xx: it then stores none of it) is split: its incidents are posted alert by
 * alert, one after the other per incident and different incidents in parallel, so that only the
 * bad alerts go to the dead-letter queue. Returns only when every alert is either accepted or
 * permanently rejected. Runs on the task thread (flush blocks it: that is the backpressure); the
 * posting pool is private to the writer.
 */
final class HttpAlertWriter implements SinkWriter<AlertRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAlertWriter.class);
    static final String ALERTS_TOPIC = "risk.alerts";

    private final HttpAlertSink.Config config;
    private final Consumer<DeadLetter> rejects;
    private final HttpClient client;
    private final ExecutorService pool;
    private final URI endpoint;
    private final List<AlertRecord> buffer = new ArrayList<>();
    private final ProcessingTimeService timers;
    /** A flush is scheduled for the buffered alerts. Touched only on the task thread. */
    private boolean flushScheduled;
    private volatile boolean closed;

    /** @param timers the task's timers: their callbacks run on the task thread, as write and flush do */
    HttpAlertWriter(HttpAlertSink.Config config, Consumer<DeadLetter> rejects, ProcessingTimeService timers) {
        this.config = config;
        this.rejects = rejects;
        this.timers = timers;
        this.endpoint = URI.create(config.apiUrl() + "/api/alerts");
        this.pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "alert-http-push");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    }

    @Override
    public void write(AlertRecord alert, Context context) throws IOException, InterruptedException {
        buffer.add(alert);
        if (buffer.size() >= config.batchSize()) {
            flush(false);
        } else if (!flushScheduled) {
            flushScheduled = true;
            timers.registerTimer(timers.getCurrentProcessingTime() + config.maxDelay().toMillis(), now -> {
                flushScheduled = false;
                // The buffer may have been flushed and refilled since: those alerts go early, which is harmless.
                flush(false);
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        if (buffer.size() == 1 || !deliverBatch(buffer)) {
            deliverOneByOne();
        }
        buffer.clear();
    }

    /** Posts the buffer alert by alert, per incident in order, incidents in parallel. */
    private void deliverOneByOne() throws IOException, InterruptedException {
        Map<String, List<AlertRecord>> byIncident = new LinkedHashMap<>();
        for (AlertRecord a : buffer) {
            byIncident.computeIfAbsent(a.incidentKey(), k -> new ArrayList<>()).add(a);
        }
        List<Future<?>> running = new ArrayList<>();
        for (List<AlertRecord> incident : byIncident.values()) {
            running.add(pool.submit(() -> {
                for (AlertRecord a : incident) {
                    deliver(a);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("pushing alerts failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            for (Future<?> f : running) {
                f.cancel(true);
            }
        }
    }

    /**
     * Posts the alerts as one JSON array until it is accepted (true) or refused for good (false:
     * the API stored none of them). Alerts are sent as they came, so a retried batch is the same.
     */
    private boolean deliverBatch(List<AlertRecord> alerts) throws InterruptedException {
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
        String what = "a batch of " + alerts.size() + " alerts from " + alerts.get(0).id();
        Outcome outcome = post(body.toByteArray(), what);
        if (outcome.refusal() != null) {
            LOG.warn("the API refused {} with {}; posting them one by one", what, outcome.refusal());
            return false;
        }
        return true;
    }

    /** Posts one alert until it is accepted or refused for good. */
    private void deliver(AlertRecord a) throws InterruptedException {
        Outcome outcome = post(a.json(), "alert " + a.id());
        if (outcome.refusal() != null) {
            String reason = "the API refused alert " + a.id() + " with " + outcome.refusal();
            LOG.error("{}; sending it to the dead-letter queue", reason);
            rejects.accept(DeadLetter.of(ALERTS_TOPIC, -1, -1, a.json(), "alert-rejected", reason));
        }
    }

    /** Accepted (no refusal) or refused for good ({@code refusal}: the status and the API's reason). */
    private record Outcome(String refusal) {
    }

    /** Posts a body until the API accepts it or refuses it for good; retries everything else with backoff. */
    private Outcome post(byte[] json, String what) throws InterruptedException {
        long backoff = config.initialBackoff().toMillis();
        int attempt = 0;
        while (!closed) {
            attempt++;
            String failure;
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
                    return new Outcome(null);
                }
                if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 429) {
                    return new Outcome("HTTP " + status + ": " + abbreviate(resp.body()));
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warn("pushing {} to {} failed ({}), attempt {}; retrying in {} ms", what, endpoint, failure,
                        attempt, backoff);
            }
            Thread.sleep(backoff);
            backoff = Math.min(config.maxBackoff().toMillis(), backoff * 2);
        }
        throw new InterruptedException("writer closed while " + what + " was undelivered");
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        pool.shutdownNow();
        if (rejects instanceof AutoCloseable c) {
            c.close();
        }
    }
}
