package cn.jinhua.risk.api.support;

import cn.jinhua.risk.api.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small test client of the API: raw JSON in and out, any status returned rather than thrown,
 * tokens by account name (demo accounts, password "demo"; "ingest" is the static ingest token).
 */
public final class Api {
    public static final String INGEST_TOKEN = "test-ingest-token";
    private final BlockingHttpClient http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public Api(HttpClient client) {
        this.http = client.toBlocking();
    }

    /** Status and body of an answer. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body == null || body.isEmpty() ? "null" : body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public String token(String user) {
        if (user == null) {
            return null;
        }
        if ("ingest".equals(user)) {
            return INGEST_TOKEN;
        }
        return tokens.computeIfAbsent(user, u -> {
            Response r = call("POST", "/login", null, "{\"username\":\"" + u + "\",\"password\":\"demo\"}");
            if (r.status() != 200) {
                throw new AssertionError("login of " + u + " failed: " + r);
            }
            return r.json().get("access_token").asText();
        });
    }

    public Response get(String path, String user) {
        return call("GET", path, user == null ? null : token(user), null);
    }

    public Response post(String path, String user, String body) {
        return call("POST", path, user == null ? null : token(user), body);
    }

    /** Sends a request with a raw bearer token (or none) and returns whatever came back. */
    public Response call(String method, String path, String bearer, String body) {
        MutableHttpRequest<String> req = HttpRequest.create(HttpMethod.valueOf(method), path);
        if (body != null) {
            req = req.body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        if (bearer != null) {
            req = req.bearerAuth(bearer);
        }
        try {
            HttpResponse<String> r = http.exchange(req, String.class);
            return new Response(r.code(), r.body());
        } catch (HttpClientResponseException e) {
            return new Response(e.code(), e.getResponse().getBody(String.class).orElse(""));
        }
    }
}
