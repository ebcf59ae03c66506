package cn.jinhua.risk.api.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Any other failure is our defect: logged with its stack trace, answered 500 without one. */
@Produces
@Singleton
final class UnexpectedErrorHandler implements ExceptionHandler<IllegalStateException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);
    private final ErrorResponseProcessor<?> problems;

    UnexpectedErrorHandler(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, IllegalStateException e) {
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
        return problems.processResponse(ErrorContext.builder(request).cause(e).build(),
                HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR));
    }
}
