package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Pushes alerts to the dispatch API: {@code POST {apiUrl}/api/alerts}, a JSON array of the alerts
 * waiting when a request starts, {@code Authorization: Bearer <token>}. A lone alert goes out
 * after a few milliseconds of quiet, a CRITICAL one at once; several requests may be under way, for
 * different incidents, so an alert does not wait behind another incident's request; under load,
 * the alerts of an incident that arrive while its request is under way make its next batch.
 *
 * <p>Delivery is decoupled from the job: the writer hands alerts to its own thread and never holds
 * the task up while the API is down or slow, so checkpoints, and with them the exactly-once
 * {@code risk.alerts}, go on (flink-jobs/DESIGN.md "Alerts and delivery"). The alerts not yet
 * accepted are the writer's state: a checkpoint keeps them, a restore sends them again. An alert
 * accepted after the checkpoint is sent again after a restore, and the API, idempotent by alert id,
 * stores and announces it once. Only when more than {@code maxPendingBytes} wait does the writer
 * hold the task up (and the job with it) until the API takes some.
 *
 * <p>Failures an operator can mend (401, 403, 404, 5xx, a timeout, a refused connection, anything
 * but the two answers below) are retried with exponential backoff and jitter for as long as it
 * takes, logged and counted. 413: a batch is split, a single alert trimmed ({@link AlertTrimmer}).
 * 400 and 422: the API found the alert itself invalid; the batch is posted again alert by alert
 * and each refused alert goes to the reject handler ({@code risk.dlq}, {@code alert-rejected}).
 * Per-incident order is kept when the input is keyed by incident key (as the job does).
 */
public final class HttpAlertSink implements Sink<AlertRecord>, SupportsWriterState<AlertRecord, AlertRecord> {
    private static final long serialVersionUID = 1L;

    /**
     * @param apiUrl base URL, e.g. http://localhost:8080
     * @param batchSize most alerts in one request
     * @param linger how long a non-critical alert waits for company: the batch goes when no alert
     *     has arrived for this long
     * @param maxLinger the longest any alert waits for company
     * @param concurrency requests under way at once: batches of different incidents, and, when a
     *     refused batch is split into single alerts, its incidents posted in parallel
     * @param maxAlertBytes the largest alert the API takes ({@code risk.ingest.max-alert-bytes})
     * @param maxPendingBytes alerts waiting for the API beyond which the writer holds the job up
     */
    public record Config(String apiUrl, String token, int batchSize, Duration linger, Duration maxLinger, int concurrency,
                         Duration requestTimeout, Duration initialBackoff, Duration maxBackoff, int maxAlertBytes,
                         long maxPendingBytes) implements Serializable {
        public Config {
            if (apiUrl == null || !(apiUrl.startsWith("http://") || apiUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("api url must start with http:// or https://, got " + apiUrl);
            }
            if (batchSize < 1 || concurrency < 1) {
                throw new IllegalArgumentException("batch size and concurrency must be at least 1");
            }
            if (linger == null || linger.isNegative() || maxLinger == null || maxLinger.compareTo(linger) < 0) {
                throw new IllegalArgumentException("need 0 <= linger <= maxLinger, got " + linger + " and " + maxLinger);
            }
            if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("need 0 < initialBackoff <= maxBackoff, got " + initialBackoff + " and "
                        + maxBackoff);
            }
            if (maxAlertBytes < 1024 || maxPendingBytes < maxAlertBytes) {
                throw new IllegalArgumentException("need 1024 <= maxAlertBytes <= maxPendingBytes, got " + maxAlertBytes
                        + " and " + maxPendingBytes);
            }
            apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        }

        /**
         * Batches of up to 1,000, 5 ms of quiet (50 ms at most), 4 requests under way, backoff
         * 200 ms .. 30 s, 256 KB alerts, 64 MB waiting.
         */
        public static Config defaults(String apiUrl, String token) {
            return new Config(apiUrl, token, 1_000, Duration.ofMillis(5), Duration.ofMillis(50), 4, Duration.ofSeconds(10),
                    Duration.ofMillis(200), Duration.ofSeconds(30), 262_144, 64L << 20);
        }

        public Config withLimits(int alertBytes, long pendingBytes) {
            return new Config(apiUrl, token, batchSize, linger, maxLinger, concurrency, requestTimeout, initialBackoff,
                    maxBackoff, alertBytes, pendingBytes);
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
    public StatefulSinkWriter<AlertRecord, AlertRecord> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<AlertRecord, AlertRecord> restoreWriter(WriterInitContext context,
                                                                      Collection<AlertRecord> pending) {
        return new HttpAlertWriter(config, rejects.create(), context.metricGroup(),
                "subtask " + context.getTaskInfo().getIndexOfThisSubtask(), pending);
    }

    @Override
    public SimpleVersionedSerializer<AlertRecord> getWriterStateSerializer() {
        return new PendingAlertSerializer();
    }

    /** An alert waiting for the API, in the writer's checkpointed state. */
    static final class PendingAlertSerializer implements SimpleVersionedSerializer<AlertRecord> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(AlertRecord a) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(a.json().length + 128);
            out.writeUTF(a.id());
            out.writeUTF(a.incidentKey());
            out.writeBoolean(a.critical());
            out.writeInt(a.json().length);
            out.write(a.json());
            return out.getCopyOfBuffer();
        }

        @Override
        public AlertRecord deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown layout " + version + " of a pending alert");
            }
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            String id = in.readUTF();
            String incidentKey = in.readUTF();
            boolean critical = in.readBoolean();
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            return new AlertRecord(id, incidentKey, json, critical);
        }
    }
}
