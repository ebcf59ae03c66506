package cn.jinhua.risk.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of failure, ours and the framework's, answers RFC 9457 problem details with the
 * reason in {@code detail} and in the {@code error} extension member, and no stack trace.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-problem-")
@Property(name = "micronaut.server.max-request-size", value = "1MB")
class ProblemDetailsTest {
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeAll
    void tokens() {
        api = new Api(client);
    }

    static Arguments fails(String method, String path, String user, String contentType, String body, int status,
                           String title, String detail) {
        return Arguments.of(method, path, user, contentType, body, status, title, detail);
    }

    static Stream<Arguments> failures() {
        String json = "application/json";
        return Stream.of(
                fails("GET", "/api/alerts?size=0", "command", null, null, 400, "Bad Request", "size: must be between 1 and 500"),
                fails("GET", "/api/alerts?severity=HUGE", "command", null, null, 400, "Bad Request", "severity: unknown value \"HUGE\""),
                fails("GET", "/api/alerts/no-such-alert", "command", null, null, 404, "Not Found", "no-such-alert"),
                fails("POST", "/api/alerts", "ingest", json, "{\"id\":", 400, "Bad Request", "malformed JSON"),
                fails("GET", "/api/alerts", null, null, null, 401, "Unauthorized", "Unauthorized"),
                fails("GET", "/api/alerts", "ingest", null, null, 403, "Forbidden", "Forbidden"),
                fails("GET", "/api/no-such-thing", "command", null, null, 404, "Not Found", "Page Not Found"),
                fails("DELETE", "/api/alerts", "command", null, null, 405, "Method Not Allowed", "not allowed"),
                fails("POST", "/api/alerts", "ingest", "application/xml", "<alert/>", 415, "Unsupported Media Type",
                        "Content Type [application/xml] not allowed"),
                fails("POST", "/api/alerts", "ingest", json, "[" + "\"x\",".repeat(400_000) + "\"x\"]", 413,
                        "Request Entity Too Large", "exceeds the maximum allowed content length"),
                fails("POST", "/login", null, json, "{\"username\":", 400, "Bad Request", "Invalid JSON"),
                fails("POST", "/login", null, json, "{\"username\":\"command\"}", 400, "Bad Request", "password: must not be blank"));
    }

    @ParameterizedTest(name = "{0} {1} as {2} → {5}")
    @MethodSource("failures")
    void answersProblemDetails(String method, String path, String user, String contentType, String body, int status,
                               String title, String detail) throws IOException {
        MutableHttpRequest<String> request = HttpRequest.create(HttpMethod.valueOf(method), path);
        if (body != null) {
            request = request.body(body).contentType(contentType);
        }
        if (user != null) {
            request = request.bearerAuth(api.token(user));
        }
        HttpResponse<?> response;
        String text;
        try {
            response = client.toBlocking().exchange(request, String.class);
            text = (String) response.body();
        } catch (HttpClientResponseException e) {
            response = e.getResponse();
            text = e.getResponse().getBody(String.class).orElse("");
        }
        assertThat(response.code()).as(text).isEqualTo(status);
        assertThat(response.getContentType()).map(Object::toString).hasValue("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(text);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isEqualTo(title);
        assertThat(problem.get("status").isInt()).as(text).isTrue();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(detail);
        assertThat(problem.get("error").asText()).isEqualTo(problem.get("detail").asText());
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
    }
}
