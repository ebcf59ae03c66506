package cn.jinhua.risk.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.alert.AlertQuery;
import cn.jinhua.risk.api.incident.IncidentQuery;
import cn.jinhua.risk.api.incident.IncidentStatus;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.query.Paging;
import cn.jinhua.risk.api.query.Params;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.Scenario;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI description says exactly what the endpoints accept: typed, bounded, enumerated
 * query parameters; every enumerated value is accepted and anything else refused with a reason.
 * The Swagger UI is served from the API itself, scripts and styles included.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-openapi-")
@SuppressWarnings("unchecked")
class OpenApiTest {
    static final String SPEC = "/swagger/risk-alert-api-0.1.0.yml";
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(client);
    }

    private Map<String, Object> spec() {
        Api.Response r = api.get(SPEC, null);
        assertThat(r.status()).isEqualTo(200);
        Map<String, Object> spec = new Yaml().load(r.body());
        assertThat(String.valueOf(spec.get("openapi"))).startsWith("3.");
        return spec;
    }

    /** The query parameters' schemas of {@code GET path}, by name. */
    private Map<String, Map<String, Object>> queryParameters(Map<String, Object> spec, String path) {
        Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) spec.get("paths")).get(path)).get("get");
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) get.get("parameters")) {
            if ("query".equals(p.get("in"))) {
                out.put((String) p.get("name"), (Map<String, Object>) p.get("schema"));
            }
        }
        return out;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static List<String> sorts(List<String> fields) {
        List<String> out = new ArrayList<>();
        fields.forEach(f -> out.addAll(List.of(f, "-" + f)));
        return out;
    }

    @Test
    void alertSearchParametersAreTypedEnumeratedAndBounded() {
        Map<String, Map<String, Object>> p = queryParameters(spec(), "/api/alerts");
        assertThat(p.keySet()).containsExactlyInAnyOrder("scenario", "ruleId", "severity", "status", "since", "until", "near", "q",
                "from", "size", "page", "sort", "shadow");
        assertThat(p.get("shadow")).containsEntry("type", "boolean").containsEntry("default", false);
        assertThat((List<String>) p.get("severity").get("enum")).isEqualTo(names(Severity.values()));
        assertThat((List<String>) p.get("scenario").get("enum")).isEqualTo(names(Scenario.values()));
        assertThat((List<String>) p.get("status").get("enum")).isEqualTo(names(IncidentStatus.values()));
        assertThat((List<String>) p.get("sort").get("enum")).containsExactlyInAnyOrderElementsOf(sorts(AlertQuery.SORTS));
        assertThat(p.get("size")).containsEntry("type", "integer").containsEntry("minimum", 1).containsEntry("maximum", Paging.MAX_SIZE)
                .containsEntry("default", Paging.DEFAULT_SIZE);
        assertThat(p.get("from")).containsEntry("type", "integer").containsEntry("minimum", 0);
        assertThat(p.get("page")).containsEntry("type", "integer").containsEntry("minimum", 1);
        assertThat(p.get("since")).containsEntry("type", "string").containsEntry("format", "date-time");
        assertThat(p.get("until")).containsEntry("format", "date-time");
        assertThat(p.get("q")).containsEntry("maxLength", 200);
        assertThat((String) p.get("near").get("pattern")).isNotBlank();
    }

    @Test
    void theNearPatternInTheSpecAcceptsExactlyWhatTheEndpointsParse() {
        String pattern = (String) queryParameters(spec(), "/api/alerts").get("near").get("pattern");
        assertThat(queryParameters(spec(), "/api/incidents").get("near").get("pattern")).isEqualTo(pattern);
        Pattern published = Pattern.compile(pattern);
        // Spaces and exponents, as clients write them; and what Double.parseDouble takes that no pattern should.
        List<String> samples = new ArrayList<>(List.of("29.05,119.82,5000", "29.05, 119.82, 5000", " 29.05 ,119.82 ,5e3 ",
                "2.905E1,1.1982e+2,5000", "+29,-119.,.5", "0x1p3,1,1", "29,119,5000d", "NaN,1,1", "Infinity,1,1", "29,119",
                "29,119,5,1", "29;119;5000", "29,,5000", "1e,1,1", ".,1,1", "29,119,5000,"));
        Random random = new Random(18);
        String alphabet = "0123456789.,eE+- dx";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(s.toString());
        }
        int accepted = 0;
        for (String near : samples.stream().filter(s -> !s.isBlank()).toList()) {
            boolean parsed = wellFormed(near);
            assertThat(published.matcher(near).matches()).as("near=\"%s\" (the code %s it)", near, parsed ? "takes" : "refuses")
                    .isEqualTo(parsed);
            accepted += parsed ? 1 : 0;
        }
        assertThat(accepted).as("well-formed samples").isGreaterThan(5);
    }

    /** Whether {@code near} has the form the endpoints take (a value out of range has it, and is refused for its range). */
    private static boolean wellFormed(String near) {
        try {
            Params.near(near);
            return true;
        } catch (ApiException e) {
            return e.getMessage().contains("must be within");
        }
    }

    @Test
    void incidentListParametersAreTypedEnumeratedAndBounded() {
        Map<String, Map<String, Object>> p = queryParameters(spec(), "/api/incidents");
        assertThat((List<String>) p.get("sort").get("enum")).containsExactlyInAnyOrderElementsOf(sorts(IncidentQuery.SORTS));
        assertThat((List<String>) p.get("status").get("enum")).isEqualTo(names(IncidentStatus.values()));
        assertThat(p.get("open")).containsEntry("type", "boolean");
        assertThat(p.get("size")).containsEntry("maximum", Paging.MAX_SIZE);
        assertThat(queryParameters(spec(), "/api/devices").get("size")).containsEntry("type", "integer").containsEntry("maximum", 5000);
        assertThat(queryParameters(spec(), "/api/stream").get("lastEventId")).containsEntry("type", "integer");
    }

    /** What the description enumerates and bounds is what the endpoints take, no more and no less. */
    @Test
    void everyDescribedValueIsAcceptedAndTheNextOneRefused() {
        Map<String, Object> spec = spec();
        for (String path : List.of("/api/alerts", "/api/incidents")) {
            queryParameters(spec, path).forEach((name, schema) -> {
                if (schema.containsKey("enum")) {
                    for (Object value : (List<Object>) schema.get("enum")) {
                        assertThat(status(path, name, String.valueOf(value))).as("%s?%s=%s", path, name, value).isEqualTo(200);
                    }
                    assertThat(status(path, name, "NOT_A_VALUE")).as("%s?%s=NOT_A_VALUE", path, name).isEqualTo(400);
                }
                if ("integer".equals(schema.get("type"))) {
                    int min = (Integer) schema.get("minimum");
                    int max = (Integer) schema.get("maximum");
                    assertThat(status(path, name, String.valueOf(min))).as("%s?%s=%s", path, name, min).isEqualTo(200);
                    assertThat(status(path, name, String.valueOf(min - 1))).as("%s?%s=%s", path, name, min - 1).isEqualTo(400);
                    assertThat(status(path, name, String.valueOf(max + 1))).as("%s?%s=%s", path, name, max + 1).isEqualTo(400);
                }
                if ("boolean".equals(schema.get("type"))) {
                    assertThat(status(path, name, "true")).isEqualTo(200);
                    assertThat(status(path, name, "yes")).isEqualTo(400);
                }
                if ("date-time".equals(schema.get("format"))) {
                    assertThat(status(path, name, "2026-12-29T16:05:00+08:00")).isEqualTo(200);
                    assertThat(status(path, name, "yesterday")).isEqualTo(400);
                }
            });
        }
    }

    private int status(String path, String name, String value) {
        return api.get(path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8), "command").status();
    }

    @Test
    void swaggerUiIsServedLocallyWithItsAssets() {
        HttpResponse<String> page = client.toBlocking().exchange(HttpRequest.GET("/swagger-ui/index.html"), String.class);
        assertThat(page.code()).isEqualTo(200);
        assertThat(page.getContentType()).map(Object::toString).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String html = page.body();
        assertThat(html).contains(SPEC).doesNotContain("unpkg.com").doesNotContain("cdn.");
        Matcher assets = Pattern.compile("\"(/swagger-ui/res/[^\"]+)\"").matcher(html);
        List<String> found = new ArrayList<>();
        while (assets.find()) {
            found.add(assets.group(1));
        }
        assertThat(found).contains("/swagger-ui/res/swagger-ui-bundle.js", "/swagger-ui/res/swagger-ui.css");
        for (String asset : found) {
            HttpResponse<byte[]> r = client.toBlocking().exchange(HttpRequest.GET(asset), byte[].class);
            assertThat(r.code()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotEmpty();
        }
    }
}
