package cn.jinhua.risk.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.problem.HttpStatusType;
import io.micronaut.problem.ProblemErrorResponseProcessor;
import io.micronaut.problem.conf.ProblemConfiguration;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.stream.Collectors;
import org.zalando.problem.Problem;
import org.zalando.problem.ThrowableProblem;

/**
 * Renders every failure, ours and the framework's (unknown route, 401/403, 405, 413, 415, bad JSON,
 * conversion and validation failures, unhandled exceptions), as RFC 9457 problem details
 * ({@code application/problem+json}): {@code type}, {@code title}, {@code status}, {@code detail},
 * plus the extension member {@code error}, equal to {@code detail}, which clients of the earlier
 * {@code {"error","status"}} body read. Never a stack trace: a server error's detail is generic
 * (its cause is in the log), except 503, whose reason tells the caller what is down.
 */
@Singleton
@Replaces(ProblemErrorResponseProcessor.class)
final class ProblemDetailsProcessor extends ProblemErrorResponseProcessor {
    /** Problem types are not documented at their own URIs: RFC 9457 §4.2.1 says so with about:blank. */
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    ProblemDetailsProcessor(ProblemConfiguration config) {
        super(config);
    }

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        MutableHttpResponse<Problem> problem = super.processResponse(context, response);
        return problem.body(problem.getBody().map(ProblemBody::new).orElse(null));
    }

    @Override
    protected ThrowableProblem defaultProblem(ErrorContext context, HttpStatus status) {
        String detail = detail(context, status);
        return Problem.builder()
                .withType(ABOUT_BLANK)
                .withTitle(status.getReason())
                .withStatus(new HttpStatusType(status))
                .withDetail(detail)
                .with("error", detail)
                .build();
    }

    private static String detail(ErrorContext context, HttpStatus status) {
        if (status.getCode() >= 500) {
            if (status == HttpStatus.SERVICE_UNAVAILABLE && context.hasErrors()) {
                return context.getErrors().get(0).getMessage();
            }
            return status == HttpStatus.SERVICE_UNAVAILABLE ? "service unavailable" : "internal error";
        }
        if (context.hasErrors()) {
            return context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        }
        return status.getReason();
    }
}
