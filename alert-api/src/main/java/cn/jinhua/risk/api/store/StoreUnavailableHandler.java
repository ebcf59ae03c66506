package cn.jinhua.risk.api.store;

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

/**
 * Elasticsearch down or too slow: 503 with the reason, so callers retry rather than hang. Rendered
 * by the application's problem-details processor like every other failure.
 */
@Produces
@Singleton
final class StoreUnavailableHandler implements ExceptionHandler<StoreUnavailableException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailableHandler.class);
    private final ErrorResponseProcessor<?> problems;

    StoreUnavailableHandler(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, StoreUnavailableException e) {
        LOG.warn("{} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
        return problems.processResponse(ErrorContext.builder(request).cause(e).errorMessage(e.getMessage()).build(),
                HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5"));
    }
}
