package cn.jinhua.risk.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.problem.violations.ProblemConstraintViolationExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import io.micronaut.validation.validator.ValidatorConfiguration;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;

/**
 * Validation failures as a 400 whose detail names each field and what is wrong with it
 * ("password: must not be blank"), worded by Micronaut's own handler. The problem-json module's
 * handler answers a list of violations without a detail, which would leave clients reading
 * {@code error} without a reason. Not a subclass of the Micronaut handler: the module replaces
 * that type, subclasses included.
 */
@Produces
@Singleton
@Replaces(ProblemConstraintViolationExceptionHandler.class)
final class ConstraintViolationHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {
    private final ConstraintExceptionHandler wording;

    ConstraintViolationHandler(ErrorResponseProcessor<?> problems, ValidatorConfiguration configuration) {
        this.wording = new ConstraintExceptionHandler(problems, configuration);
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException e) {
        return wording.handle(request, e);
    }
}
