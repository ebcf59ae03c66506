package cn.jinhua.risk.api.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads the token from {@code ?access_token=} on the live stream only: browsers' EventSource
 * cannot send an Authorization header. Elsewhere tokens stay out of URLs (and logs).
 */
@Singleton
final class StreamTokenReader implements TokenReader<HttpRequest<?>> {
    static final String STREAM_PATH = "/api/stream";

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        if (!STREAM_PATH.equals(request.getPath())) {
            return Optional.empty();
        }
        return request.getParameters().getFirst("access_token").filter(t -> !t.isBlank());
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
