package cn.jinhua.risk.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A configured static bearer token for a machine that cannot log in, carrying one name and one
 * role. An empty token disables it. Constant-time comparison. Thread-safe.
 */
abstract class StaticTokenValidator implements TokenValidator<HttpRequest<?>> {
    private final byte[] token;
    private final String name;
    private final String role;

    StaticTokenValidator(@Nullable String token, String name, String role) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.name = name;
        this.role = role;
    }

    @Override
    public Publisher<Authentication> validateToken(String candidate, HttpRequest<?> request) {
        if (token != null && candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8))) {
            return Mono.just(Authentication.build(name, List.of(role)));
        }
        return Mono.empty();
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
