package cn.jinhua.risk.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.render.BearerAccessRefreshToken;
import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code POST /login} {@code {"username", "password"}} → {@code {"access_token", "token_type",
 * "expires_in", "username", "roles"}}. Replaces Micronaut's own login endpoint, which can neither
 * throttle nor answer 429. BCrypt is slow on purpose: off the event loop.
 */
@Controller("/login")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class LoginController {
    private final LoginService service;
    private final HttpClientAddressResolver addresses;

    LoginController(LoginService service, HttpClientAddressResolver addresses) {
        this.service = service;
        this.addresses = addresses;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in: a bearer token for 12 h; 401 on wrong credentials, 429 with Retry-After when throttled")
    BearerAccessRefreshToken login(@Nullable @Body LoginCommand command, HttpRequest<?> request) {
        String address = addresses.resolve(request);
        return service.login(command, address == null ? "unknown" : address);
    }
}
