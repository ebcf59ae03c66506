package cn.jinhua.risk.api.world;

import static cn.jinhua.risk.api.support.ControlTopics.await;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.ControlTopics;
import cn.jinhua.risk.api.support.MutableClock;
import cn.jinhua.risk.api.support.SeedFeatures;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/world is the live world, against a real broker with the tests playing the job: a plant
 * put in by a world-batch is on the base layer once accepted and off it once taken out; a zone with
 * an expiry leaves it when it expires; an unchanged world answers 304 to its ETag.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-world-")
@Property(name = "risk.control.enabled", value = "true")
@Property(name = "risk.control.group-id", value = "t-world")
@Property(name = "risk.world.refresh", value = "300ms")
@Property(name = "risk.test.mutable-clock", value = "true")
class WorldApiTest {
    static final String PLANT = "wy-e93";
    static final List<String> PLANT_IDS = List.of(PLANT, PLANT + "-pool", PLANT + "-pool-level", PLANT + "-gate-depth",
            "tm-" + PLANT);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Clock clock;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    /** An answer of GET /api/world. */
    record World(int status, String etag, String cacheControl, String contentType, String body) {
        /** The features by id; empty for a 304. */
        Map<String, JsonNode> features() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            if (body != null && !body.isEmpty()) {
                for (JsonNode f : ControlTopics.json(body).get("features")) {
                    out.put(f.get("id").asText(), f);
                }
            }
            return out;
        }
    }

    World world(String user, String ifNoneMatch) {
        MutableHttpRequest<?> req = HttpRequest.GET("/api/world").bearerAuth(api.token(user));
        if (ifNoneMatch != null) {
            req.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
        }
        try {
            HttpResponse<String> r = client.toBlocking().exchange(req, String.class);
            return new World(r.code(), r.header(HttpHeaders.ETAG), r.header(HttpHeaders.CACHE_CONTROL),
                    r.header(HttpHeaders.CONTENT_TYPE), r.body() == null ? "" : r.body());
        } catch (HttpClientResponseException e) {
            return new World(e.code(), e.getResponse().header(HttpHeaders.ETAG), e.getResponse().header(HttpHeaders.CACHE_CONTROL),
                    e.getResponse().header(HttpHeaders.CONTENT_TYPE), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    /** Regression: the base layer was the world files, computed at start, whatever was put in or taken out live. */
    @Test
    void aPlantPutInLiveIsOnTheBaseLayerOnceAcceptedAndLeavesItWhenTakenOut() {
        World before = world("bureau", null);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.features()).doesNotContainKeys(PLANT_IDS.toArray(String[]::new));

        String in = ControlTopics.sendWorldBatch(SeedFeatures.plant(PLANT), List.of());
        await("the batch recorded", () -> api.get("/api/zones/changes/" + in, "bureau").status() == 200);
        assertThat(world("bureau", null).features()).as("waiting for the job's verdict").doesNotContainKey(PLANT);

        ControlTopics.accept(in, null, null, 12);
        await("the plant on the base layer", () -> world("bureau", null).features().keySet().containsAll(PLANT_IDS));
        World with = world("command", null);
        assertThat(with.features().get(PLANT + "-pool").get("properties").get("plantId").asText()).isEqualTo(PLANT);
        assertThat(with.features().get("tm-" + PLANT).get("properties").get("type").asText()).isEqualTo("TEAM");
        assertThat(with.etag()).isNotEqualTo(before.etag());
        assertThat(world("tm-luodian-police", null).features()).as("the same world for every role").containsKey(PLANT);

        String out = ControlTopics.sendWorldBatch(List.of(), List.of(PLANT + "-gate-depth", PLANT + "-pool-level",
                PLANT + "-pool", PLANT, "tm-" + PLANT));
        await("the batch taking it out recorded", () -> api.get("/api/zones/changes/" + out, "bureau").status() == 200);
        ControlTopics.accept(out, null, null, 13);
        await("the plant off the base layer", () -> world("bureau", null).features().keySet().stream()
                .noneMatch(PLANT_IDS::contains));
    }

    @Test
    void aZoneWithAnExpiryLeavesTheBaseLayerWhenItExpires() {
        String expiresAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(clock.instant().plus(Duration.ofHours(1))
                .atOffset(ZoneOffset.ofHours(8)));
        String id = ControlTopics.sendWorldUpsert(SeedFeatures.copy("bs-north-valley-gap", "gap-world-test"), expiresAt);
        await("the upsert recorded", () -> api.get("/api/zones/changes/" + id, "command").status() == 200);
        ControlTopics.accept(id, null, null, 14);
        await("the zone on the base layer", () -> world("command", null).features().containsKey("gap-world-test"));
        assertThat(world("command", null).features().get("gap-world-test").get("properties").get("type").asText())
                .isEqualTo("COVERAGE_GAP");

        ((MutableClock) clock).advance(Duration.ofMinutes(61));
        assertThat(world("command", null).features()).as("expired at " + expiresAt).doesNotContainKey("gap-world-test");
    }

    @Test
    void anUnchangedWorldIsA304ToItsETagAndAChangedOneIsSentAgain() {
        World first = world("admin", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.etag()).matches("\"[A-Za-z0-9_-]+\"");
        assertThat(first.cacheControl()).isEqualTo("private, no-cache");
        assertThat(first.contentType()).startsWith("application/json");
        assertThat(ControlTopics.json(first.body()).get("type").asText()).isEqualTo("FeatureCollection");

        // Another test's change may land between two requests: then the world did change, and a 200 is right.
        await("a 304 for the tag of the world now", () -> {
            World now = world("admin", null);
            World again = world("admin", now.etag());
            return again.status() == 304 && now.etag().equals(again.etag()) && again.body().isEmpty();
        });
        World now = world("admin", null);
        await("a weak or listed tag matches too", () -> world("admin", "\"other\", W/" + world("admin", null).etag()).status() == 304);
        assertThat(world("admin", "*").status()).isEqualTo(304);
        World other = world("admin", "\"not-this-world\"");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.features()).isNotEmpty();
        assertThat(now.features()).containsKeys("tr-xiake", "wy-e03", "tm-luodian-police");
    }
}
