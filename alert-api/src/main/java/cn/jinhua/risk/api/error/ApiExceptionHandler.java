package cn.jinhua.risk.api.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Renders {@link ApiException}s as problem details with their status and reason. */
@Produces
@Singleton
final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private final ErrorResponseProcessor<?> problems;

    ApiExceptionHandler(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException e) {
        return problems.processResponse(ErrorContext.builder(request).cause(e).errorMessage(e.getMessage()).build(),
                HttpResponse.status(HttpStatus.valueOf(e.status())));
    }
}
