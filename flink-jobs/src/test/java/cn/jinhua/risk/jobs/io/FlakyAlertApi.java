package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for {@code POST /api/alerts} that misbehaves on purpose: the first
 * {@code failures} requests get 503 or 409 in turn, the next {@code timeouts} valid ones hang past the
 * client's timeout (after storing the alerts, as a slow server would), then it answers 200. Takes one alert or an
 * array of them and records every alert it stores, duplicates included (the real API is
 * idempotent by id); one id can be marked as invalid: a request
 * holding it gets 400 and stores nothing, as the real API refuses a batch. Checks the bearer token.
 * It can also be down (503 to everything until {@link #up()}), answer a given list of statuses to
 * its first requests ({@link #answerFirst}), and refuse bodies or alerts over a size with 413, as
 * the real API does.
 */
final class FlakyAlertApi implements AutoCloseable {
    /**
     * One alert the API stored from one request, duplicates included.
     *
     * @param answered the request was answered in time (not one of the hung ones, which the client
     *     gave up on and sent again)
     * @param underWay requests the API was handling when it stored the alert, its own included
     */
    record Received(String id, String incidentKey, boolean answered, int underWay) {
    }

    /** How long a hanging request hangs: clients that time out sooner send it again. */
    static final java.time.Duration HANG = java.time.Duration.ofSeconds(3);

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger hung = new AtomicInteger();
    private final AtomicInteger underWay = new AtomicInteger();
    private volatile long answerDelayMs;
    private final List<Received> receipts = new ArrayList<>();
    private final List<JsonNode> stored = new ArrayList<>();
    private volatile int failures;
    private volatile int timeouts;
    private final String invalidId;
    private volatile boolean down;
    private final java.util.concurrent.ConcurrentLinkedQueue<Integer> firstAnswers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile int maxAlertBytes = Integer.MAX_VALUE;
    private volatile int maxBodyBytes = Integer.MAX_VALUE;

    FlakyAlertApi(int failures, int timeouts, String invalidId) throws IOException {
        this.failures = failures;
        this.timeouts = timeouts;
        this.invalidId = invalidId;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/alerts", exchange -> {
            int n = requests.incrementAndGet();
            underWay.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            Integer scripted = firstAnswers.poll();
            if (scripted != null) {
                status = scripted;
            } else if (down) {
                status = 503;
            } else if (!"Bearer test-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
            } else if (body.length > maxBodyBytes) {
                status = 413;
            } else if (n <= this.failures) {
                // 409: the real API's "incidents kept changing concurrently; retry".
                status = n % 2 == 0 ? 409 : 503;
            } else {
                JsonNode sent = Json.MAPPER.readTree(body);
                List<JsonNode> alerts = new ArrayList<>();
                if (sent.isArray()) {
                    batches.incrementAndGet();
                    sent.forEach(alerts::add);
                } else {
                    alerts.add(sent);
                }
                if (alerts.stream().anyMatch(a -> a.get("id").asText().equals(invalidId))) {
                    status = 400;
                } else if (alerts.stream().anyMatch(a -> a.toString().getBytes(StandardCharsets.UTF_8).length > maxAlertBytes)) {
                    status = 413;
                } else {
                    // The first valid requests after the failures hang, whichever requests a refused batch took.
                    boolean hangs = hung.getAndIncrement() < this.timeouts;
                    synchronized (this) {
                        for (JsonNode alert : alerts) {
                            receipts.add(new Received(alert.get("id").asText(), alert.get("incidentKey").asText(), !hangs,
                                    underWay.get()));
                            stored.add(alert);
                        }
                    }
                    status = 200;
                    if (hangs) {
                        sleep(HANG.toMillis());
                    } else if (answerDelayMs > 0) {
                        sleep(answerDelayMs);
                    }
                }
            }
            underWay.decrementAndGet();
            byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** From now on, answers each stored request only after this long (a slow, not failing, API). */
    void delayAnswers(java.time.Duration delay) {
        answerDelayMs = delay.toMillis();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 503 to every request from now on. */
    FlakyAlertApi down() {
        down = true;
        return this;
    }

    /** Back up: requests are handled again. */
    FlakyAlertApi up() {
        down = false;
        return this;
    }

    /** The next requests get these statuses, one each, whatever they hold (nothing is stored). */
    FlakyAlertApi answerFirst(Integer... statuses) {
        firstAnswers.addAll(List.of(statuses));
        return this;
    }

    /** 413 to a body over {@code body} bytes, or holding an alert over {@code alert} bytes. */
    FlakyAlertApi limits(int body, int alert) {
        maxBodyBytes = body;
        maxAlertBytes = alert;
        return this;
    }

    /** Every alert stored, as JSON, duplicates included. */
    synchronized List<JsonNode> stored() {
        return List.copyOf(stored);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    /** Requests whose body was an array of alerts, whatever the answer. */
    int batches() {
        return batches.get();
    }

    /** Every alert stored, in arrival order, with duplicates: what the client's retries really sent. */
    synchronized List<Received> receipts() {
        return List.copyOf(receipts);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
