package cn.jinhua.risk.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Renders every error the framework produces (unknown route, 401/403, bad JSON, body too large,
 * conversion failures, unhandled exceptions) as {@code {"error": "...", "status": N}}, never with
 * a stack trace. Server errors get a generic reason: their details are in the log, not the answer.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class JsonErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        String reason;
        if (status >= 500) {
            reason = status == 503 ? "service unavailable" : "internal error";
            if (context.hasErrors() && status == 503) {
                reason = context.getErrors().get(0).getMessage();
            }
        } else if (context.hasErrors()) {
            reason = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        } else {
            HttpStatus s = HttpStatus.valueOf(status);
            reason = s.getReason();
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(new ErrorBody(reason, status));
    }
}
