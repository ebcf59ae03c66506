package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.serde.AlertRecord;
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
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link HttpAlertSink}. Buffers alerts; a flush groups them by incident, posts each
 * incident's alerts one after the other (order per incident) and different incidents in parallel,
 * and returns only when every alert is either accepted or permanently rejected. Runs on the task
 * thread (flush blocks it: that is the backpressure); the posting pool is private to the writer.
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
    private volatile boolean closed;

    HttpAlertWriter(HttpAlertSink.Config config, Consumer<DeadLetter> rejects) {
        this.config = config;
        this.rejects = rejects;
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
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
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
        buffer.clear();
    }

    /** Posts one alert until it is accepted or refused for good. */
    private void deliver(AlertRecord a) throws InterruptedException {
        long backoff = config.initialBackoff().toMillis();
        int attempt = 0;
        while (!closed) {
            attempt++;
            String failure;
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(endpoint)
                        .timeout(config.requestTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(a.json()));
                if (config.token() != null && !config.token().isEmpty()) {
                    req.header("Authorization", "Bearer " + config.token());
                }
                HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
                int status = resp.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    String reason = "the API refused alert " + a.id() + " with HTTP " + status + ": " + abbreviate(resp.body());
                    LOG.error("{}; sending it to the dead-letter queue", reason);
                    rejects.accept(DeadLetter.of(ALERTS_TOPIC, -1, -1, a.json(), "alert-rejected", reason));
                    return;
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warn("pushing alert {} to {} failed ({}), attempt {}; retrying in {} ms", a.id(), endpoint, failure,
                        attempt, backoff);
            }
            Thread.sleep(backoff);
            backoff = Math.min(config.maxBackoff().toMillis(), backoff * 2);
        }
        throw new InterruptedException("writer closed while alert " + a.id() + " was undelivered");
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
