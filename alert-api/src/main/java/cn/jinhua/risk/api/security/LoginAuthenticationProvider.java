package cn.jinhua.risk.api.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Checks {@code POST /login} credentials against the {@link AccountDirectory}. BCrypt is slow on
 * purpose, so this runs on the blocking executor, not the event loop.
 */
@Singleton
final class LoginAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    private final AccountDirectory accounts;

    LoginAuthenticationProvider(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request, AuthenticationRequest<String, String> auth) {
        return accounts.authenticate(auth.getIdentity(), auth.getSecret())
                .map(a -> a.teamId() == null
                        ? AuthenticationResponse.success(a.username(), a.roles())
                        : AuthenticationResponse.success(a.username(), a.roles(), Map.of(Caller.TEAM_ATTRIBUTE, a.teamId())))
                .orElseGet(() -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH));
    }
}
