package cn.jinhua.risk.api.store;

/** Elasticsearch could not be reached or did not answer in time; the API answers 503. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
