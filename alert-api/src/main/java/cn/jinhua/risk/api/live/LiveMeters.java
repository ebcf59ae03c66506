package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.metrics.ApiMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * The live stream's clients connected to this process, as {@code risk_api_sse_clients}. Registered
 * at startup rather than as a {@code MeterBinder}: the registry's binders are built before it, and
 * the stream needs Elasticsearch's client, which counts its errors on that registry.
 */
@Context
final class LiveMeters {
    LiveMeters(MeterRegistry registry, EventService events) {
        Gauge.builder(ApiMetrics.SSE_CLIENTS, events, EventService::subscriberCount)
                .description("Clients of /api/stream connected to this process").register(registry);
    }
}
