package cn.jinhua.risk.api.security;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.error.TooManyRequestsException;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.AccessRefreshTokenGenerator;
import io.micronaut.security.token.render.AccessRefreshToken;
import io.micronaut.security.token.render.BearerAccessRefreshToken;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /login}: throttled per user name and per client address ({@link LoginThrottle}), then
 * one constant-work password check ({@link AccountDirectory}), then a signed JWT. A FIELD_TEAM
 * account with the right password whose team is not in the world now ({@link TeamRoster}: not put in
 * live yet, or taken out) is refused with 403 and the reason, and counted as a refused login; the
 * reason is given only after the password matched, so it tells nothing to someone guessing.
 * Thread-safe.
 */
@Singleton
final class LoginService {
    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
    static final int MAX_USERNAME = 128;
    static final int MAX_PASSWORD = 1024;

    private final AccountDirectory accounts;
    private final LoginThrottle throttle;
    private final AccessRefreshTokenGenerator tokens;
    private final RefusedLogins refused;
    private final TeamRoster teams;

    LoginService(AccountDirectory accounts, LoginThrottle throttle, AccessRefreshTokenGenerator tokens, RefusedLogins refused,
                 TeamRoster teams) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.tokens = tokens;
        this.refused = refused;
        this.teams = teams;
    }

    BearerAccessRefreshToken login(LoginCommand cmd, String address) {
        if (cmd == null) {
            throw ApiException.badRequest("body: expected {\"username\": ..., \"password\": ...}");
        }
        String username = required("username", cmd.username(), MAX_USERNAME);
        String password = required("password", cmd.password(), MAX_PASSWORD);
        long wait = throttle.retryAfterSeconds(username, address);
        if (wait > 0) {
            LOG.warn("login of {} from {} throttled for {} s after repeated failures", username, address, wait);
            refused.count();
            throw new TooManyRequestsException("too many failed logins for this user or from this address: try again in "
                    + wait + " s", wait);
        }
        Account a = accounts.authenticate(username, password).orElse(null);
        if (a == null) {
            throttle.failed(username, address);
            refused.count();
            LOG.info("failed login of {} from {}", username, address);
            throw new ApiException(401, "wrong username or password");
        }
        throttle.succeeded(username);
        if (a.teamId() != null && !teams.has(a.teamId())) {
            refused.count();
            LOG.info("login of {} from {} refused: its team {} is not in the world now", username, address, a.teamId());
            throw ApiException.forbidden("account " + a.username() + " acts for team " + a.teamId() + ", which is not a team"
                    + " of the world now (not put in live yet, or taken out live): it may log in once the team is in the world");
        }
        Authentication auth = a.teamId() == null ? Authentication.build(a.username(), a.roles())
                : Authentication.build(a.username(), a.roles(), Map.of(Caller.TEAM_ATTRIBUTE, a.teamId()));
        AccessRefreshToken t = tokens.generate(auth)
                .orElseThrow(() -> new IllegalStateException("no token generated for " + a.username()));
        return t instanceof BearerAccessRefreshToken b ? b : new BearerAccessRefreshToken(a.username(), a.roles(),
                t.getExpiresIn(), t.getAccessToken(), t.getRefreshToken(), t.getTokenType());
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + ": must not be blank");
        }
        if (value.length() > max) {
            throw ApiException.badRequest(field + ": must be at most " + max + " characters, got " + value.length());
        }
        return value;
    }
}
