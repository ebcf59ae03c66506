package cn.jinhua.risk.api.error;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Any other failure is our defect: logged with its stack trace, answered 500 without one. */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
final class UnexpectedErrorHandler implements ExceptionHandler<IllegalStateException, HttpResponse<ErrorBody>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, IllegalStateException e) {
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
        return HttpResponse.<ErrorBody>status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ErrorBody("internal error", 500));
    }
}
