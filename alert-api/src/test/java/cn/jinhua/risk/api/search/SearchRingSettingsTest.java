package cn.jinhua.risk.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search rings the API draws are the job's: the same settings (RISK_SEARCH_RADII_KM,
 * RISK_SEARCH_WALKING_KMH) give both their radii and walking speed.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-search-")
@Property(name = "risk.test.mutable-clock", value = "true")
@Property(name = "risk.search.radii-km", value = "0.5, 1, 2, 4")
@Property(name = "risk.search.walking-kmh", value = "3")
class SearchRingSettingsTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Clock clock;

    @Test
    void theRingsUseTheConfiguredRadiiAndWalkingSpeed() {
        Api api = new Api(client);
        Api.Response r = api.post("/api/alerts", "ingest", Alerts.lostPerson("srch-1", "d-srch-1").with("lastKnownPosition",
                Map.of("lat", 29.2321, "lon", 119.664, "ts", "2026-12-29T16:05:00+08:00", "accuracyM", 10.0, "source", "GPS"))
                .json());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().at("/alerts/0/incidentId").asText();

        ((MutableClock) clock).set(Instant.parse("2026-12-29T08:05:00Z").plus(Duration.ofHours(1)));
        JsonNode view = api.get("/api/incidents/" + id + "/search-area", "command").json();
        List<Long> radii = new ArrayList<>();
        List<Long> nominal = new ArrayList<>();
        for (JsonNode f : view.at("/area/features")) {
            if ("SEARCH_RING".equals(f.at("/properties/kind").asText())) {
                radii.add(f.at("/properties/radiusM").asLong());
                nominal.add(f.at("/properties/nominalRadiusM").asLong());
            }
        }
        assertThat(nominal).containsExactly(500L, 1_000L, 2_000L, 4_000L);
        // An hour at 3 km/h caps the last ring at 3 km; each ring is widened by the 10 m uncertainty.
        assertThat(radii).containsExactly(510L, 1_010L, 2_010L, 3_010L);
    }

    @Test
    void settingsOutOfRangeStopTheApiNamingThem() {
        assertThatThrownBy(() -> SearchAreaService.config("4, 2", null)).hasMessageContaining("RISK_SEARCH_RADII_KM")
                .hasMessageContaining("'4, 2'");
        assertThatThrownBy(() -> SearchAreaService.config(null, "fast")).hasMessageContaining("RISK_SEARCH_WALKING_KMH");
        assertThat(SearchAreaService.config(null, null).radiiKm()).containsExactly(1.1, 3.1, 5.8, 18.3);
    }
}
