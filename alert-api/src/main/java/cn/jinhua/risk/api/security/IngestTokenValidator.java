package cn.jinhua.risk.api.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Accepts the configured static ingest token (env RISK_INGEST_TOKEN) as a bearer token with the
 * single role INGEST, so the detection job needs no login round trip. Constant-time comparison.
 */
@Singleton
final class IngestTokenValidator implements TokenValidator<HttpRequest<?>> {
    private final byte[] token;

    IngestTokenValidator(SecurityProperties props) {
        String t = props.ingestToken();
        this.token = t == null || t.isBlank() ? null : t.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Publisher<Authentication> validateToken(String candidate, HttpRequest<?> request) {
        if (token != null && candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8))) {
            return Mono.just(Authentication.build("ingest", List.of(Roles.INGEST)));
        }
        return Mono.empty();
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
