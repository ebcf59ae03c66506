package cn.jinhua.risk.api.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * Where Elasticsearch is and how the API talks to it.
 *
 * @param url base URL, e.g. http://localhost:9200 (env RISK_ES_URL)
 * @param indexPrefix prepended to every index name (alerts, incidents, feed, team-positions, ...)
 * @param connectTimeout how long to wait for a connection: short, so a down cluster answers 503 quickly
 * @param socketTimeout how long to wait for a response
 * @param refresh refresh policy of writes: false (near-real-time search), wait_for or true (tests)
 */
@ConfigurationProperties("risk.elasticsearch")
public record ElasticsearchConfig(
        @NotBlank @Bindable(defaultValue = "http://localhost:9200") String url,
        @NotNull @Pattern(regexp = "[a-z0-9_.-]*") @Bindable(defaultValue = "risk-") String indexPrefix,
        @NotNull @Bindable(defaultValue = "2s") Duration connectTimeout,
        @NotNull @Bindable(defaultValue = "15s") Duration socketTimeout,
        @NotNull @Pattern(regexp = "false|wait_for|true") @Bindable(defaultValue = "false") String refresh) {
}
