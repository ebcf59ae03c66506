package cn.jinhua.risk.api.metrics;

/**
 * The names of the API's own meters, in Micrometer's dotted form; Prometheus (at
 * {@code /prometheus}) writes them with {@code _} and the unit suffixes ({@code _total} for counters,
 * {@code _seconds_bucket}/{@code _count}/{@code _sum} for timers). The Grafana dashboard under
 * {@code docker/} queries these names, and docker's test checks it against them.
 */
public final class ApiMetrics {
    /** Timer, histogram, tag {@code outcome} = stored | refused | failed: {@code POST /api/alerts} requests. */
    public static final String INGEST = "risk.api.ingest";
    /** Counter: alerts stored for the first time. */
    public static final String ALERTS_INGESTED = "risk.api.alerts.ingested";
    /** Counter: alerts received again and left as stored. */
    public static final String ALERTS_DUPLICATE = "risk.api.alerts.duplicate";
    /** Counter, tag {@code kind} = unreachable | overloaded | server: failed calls to Elasticsearch. */
    public static final String ELASTICSEARCH_ERRORS = "risk.api.elasticsearch.errors";
    /** Gauge: clients of {@code /api/stream} connected to this process. */
    public static final String SSE_CLIENTS = "risk.api.sse.clients";
    /** Counter: incidents escalated by the scan. */
    public static final String ESCALATIONS = "risk.api.escalations";
    /** Counter: refused logins. */
    public static final String LOGINS_REFUSED = "risk.api.logins.refused";

    private ApiMetrics() {
    }
}
