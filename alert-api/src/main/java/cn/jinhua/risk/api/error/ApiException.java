package cn.jinhua.risk.api.error;

/**
 * A request the API refuses, with the HTTP status and a reason for the caller. Services throw it;
 * {@link ApiExceptionHandler} renders it as problem details whose {@code detail} is the reason.
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, reason);
    }

    public static ApiException forbidden(String reason) {
        return new ApiException(403, reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(404, reason);
    }

    public static ApiException conflict(String reason) {
        return new ApiException(409, reason);
    }

    public static ApiException tooLarge(String reason) {
        return new ApiException(413, reason);
    }
}
