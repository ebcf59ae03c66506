package cn.jinhua.risk.api.error;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Renders {@link ApiException}s as problem details with their status and reason, and a 429's {@code Retry-After}. */
@Produces
@Singleton
final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private final ErrorResponseProcessor<?> problems;

    ApiExceptionHandler(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException e) {
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.valueOf(e.status()));
        if (e instanceof TooManyRequestsException t) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(t.retryAfterSeconds()));
        }
        return problems.processResponse(ErrorContext.builder(request).cause(e).errorMessage(e.getMessage()).build(), response);
    }
}
