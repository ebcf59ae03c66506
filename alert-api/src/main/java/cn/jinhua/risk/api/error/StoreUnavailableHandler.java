package cn.jinhua.risk.api.error;

import cn.jinhua.risk.api.store.StoreUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Elasticsearch down or too slow: 503 with the reason, so callers retry rather than hang. */
@Produces
@Singleton
final class StoreUnavailableHandler implements ExceptionHandler<StoreUnavailableException, HttpResponse<ErrorBody>> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailableHandler.class);

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, StoreUnavailableException e) {
        LOG.warn("{} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
        return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(new ErrorBody(e.getMessage(), 503));
    }
}
