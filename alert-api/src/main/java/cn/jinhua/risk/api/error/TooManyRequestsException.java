package cn.jinhua.risk.api.error;

/**
 * A request refused for now, not for good: 429 with a {@code Retry-After} of the seconds until the
 * caller may try again (login throttling).
 */
public final class TooManyRequestsException extends ApiException {
    private final long retryAfterSeconds;

    public TooManyRequestsException(String reason, long retryAfterSeconds) {
        super(429, reason);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
