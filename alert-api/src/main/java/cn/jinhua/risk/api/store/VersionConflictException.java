package cn.jinhua.risk.api.store;

/** A conditional write lost against a concurrent one (Elasticsearch answered 409). */
public final class VersionConflictException extends RuntimeException {
    public VersionConflictException(String message) {
        super(message);
    }
}
