package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Pushes alerts to the dispatch API: {@code POST {apiUrl}/api/alerts}, a JSON array of the alerts
 * buffered since the last flush per request, {@code Authorization: Bearer <token>}. A flush happens
 * when the buffer is full, when its oldest alert has waited {@code maxDelay}, and at checkpoints.
 * At-least-once: the writer flushes everything buffered before each checkpoint completes,
 * retries transient failures (5xx, 408, 409, 429, timeouts, connection errors) with exponential
 * backoff for as long as it takes, and blocks the pipeline meanwhile (backpressure), so nothing is
 * dropped while the API is down; the API is idempotent by alert id, which makes redelivery after a
 * restart harmless. Other 4xx answers are permanent: the batch is posted again alert by alert, and
 * each alert refused for good is logged and handed to the reject handler (the job sends them to
 * {@code risk.dlq}).
 * Per-incident order is kept when the input is keyed by incident key (as the job does).
 */
public final class HttpAlertSink implements Sink<AlertRecord> {
    private static final long serialVersionUID = 1L;

    /**
     * @param apiUrl base URL, e.g. http://localhost:8080
     * @param batchSize alerts buffered before a flush (a flush also happens at every checkpoint)
     * @param maxDelay longest an alert waits in the buffer before a flush: alerts are rare and
     *     urgent, and checkpoints may be seconds apart
     * @param concurrency incidents posted in parallel when a refused batch is split into single alerts
     */
    public record Config(String apiUrl, String token, int batchSize, Duration maxDelay, int concurrency,
                         Duration requestTimeout, Duration initialBackoff, Duration maxBackoff) implements Serializable {
        public Config {
            if (apiUrl == null || !(apiUrl.startsWith("http://") || apiUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("api url must start with http:// or https://, got " + apiUrl);
            }
            if (batchSize < 1 || concurrency < 1) {
                throw new IllegalArgumentException("batch size and concurrency must be at least 1");
            }
            if (maxDelay == null || maxDelay.isNegative() || maxDelay.isZero()) {
                throw new IllegalArgumentException("the longest delay of a buffered alert must be positive, got " + maxDelay);
            }
            apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        }

        public static Config defaults(String apiUrl, String token) {
            return new Config(apiUrl, token, 100, Duration.ofMillis(300), 8, Duration.ofSeconds(10), Duration.ofMillis(200),
                    Duration.ofSeconds(30));
        }
    }

    /** Receives alerts the API refused for good; created on the task manager. */
    public interface RejectHandlerFactory extends Serializable {
        Consumer<DeadLetter> create();
    }

    private final Config config;
    private final RejectHandlerFactory rejects;

    public HttpAlertSink(Config config, RejectHandlerFactory rejects) {
        this.config = config;
        this.rejects = rejects;
    }

    @Override
    public SinkWriter<AlertRecord> createWriter(WriterInitContext context) {
        return new HttpAlertWriter(config, rejects.create(), context.getProcessingTimeService());
    }
}
