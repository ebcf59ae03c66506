package cn.jinhua.risk.api.alert;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * Limits of {@code POST /api/alerts}.
 *
 * @param maxAlertBytes largest single alert, UTF-8 bytes as sent (its extent in the body; 256 KB: 413 above)
 * @param maxBatchAlerts most alerts in one batch (413 above); the whole body is also bounded by
 *     {@code micronaut.server.max-request-size}
 */
@ConfigurationProperties("risk.ingest")
public record IngestProperties(@Min(1024) @Bindable(defaultValue = "262144") int maxAlertBytes,
                               @Min(1) @Bindable(defaultValue = "5000") int maxBatchAlerts) {
}
