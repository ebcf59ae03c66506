package cn.jinhua.risk.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A small client of Flink's REST API (the local MiniCluster's or a cluster's JobManager), for the
 * command-line tools. Thread-safe.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;

    public FlinkRest(String url) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String url() {
        return base;
    }

    /** @throws IOException when the API cannot be reached or answers other than 2xx */
    public JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public JsonNode post(String path, JsonNode body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        HttpRequest r = request.timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<byte[]> response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(r.method() + " " + r.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + r.uri(), e);
        }
    }

    /** The newest job whose name starts with {@code prefix} (any state), as its overview entry. */
    public Optional<JsonNode> newestJob(String prefix) throws IOException {
        JsonNode newest = null;
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            if (j.path("name").asText().startsWith(prefix)
                    && (newest == null || j.path("start-time").asLong() > newest.path("start-time").asLong())) {
                newest = j;
            }
        }
        return Optional.ofNullable(newest);
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
