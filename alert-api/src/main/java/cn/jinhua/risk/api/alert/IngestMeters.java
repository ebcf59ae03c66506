package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.metrics.ApiMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ingest figures for Prometheus: requests and their latency as a histogram by outcome
 * ({@code risk_api_ingest_seconds}: {@code stored}, {@code refused} with a 4xx, {@code failed}),
 * and the alerts they brought ({@code risk_api_alerts_ingested_total}: new ones,
 * {@code risk_api_alerts_duplicate_total}: redeliveries). Created at startup, so the series
 * exist (at zero) before the first request and rates over them are defined. Thread-safe.
 */
@Context
final class IngestMeters {
    private final Timer stored;
    private final Timer refused;
    private final Timer failed;
    private final Counter created;
    private final Counter duplicates;

    IngestMeters(MeterRegistry registry) {
        this.stored = timer(registry, "stored");
        this.refused = timer(registry, "refused");
        this.failed = timer(registry, "failed");
        this.created = Counter.builder(ApiMetrics.ALERTS_INGESTED).description("Alerts stored for the first time")
                .register(registry);
        this.duplicates = Counter.builder(ApiMetrics.ALERTS_DUPLICATE).description("Alerts received again and left as stored")
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(ApiMetrics.INGEST).description("POST /api/alerts requests, by outcome")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }

    IngestView measure(Supplier<IngestView> ingest) {
        long start = System.nanoTime();
        try {
            IngestView view = ingest.get();
            stored.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            created.increment(view.created());
            duplicates.increment(view.duplicates());
            return view;
        } catch (ApiException e) {
            refused.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        } catch (RuntimeException e) {
            failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
    }
}
