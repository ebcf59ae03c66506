package cn.jinhua.risk.api.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import org.elasticsearch.client.ResponseException;

/**
 * Translates Elasticsearch client failures into the application's exceptions: unreachable or
 * slow → {@link StoreUnavailableException}, 409 → {@link VersionConflictException}. With the 8.19
 * client a 409 may arrive as a low-level {@link ResponseException}, not an
 * {@link ElasticsearchException}, so both are inspected. Stateless.
 */
public final class ElasticsearchErrors {
    private ElasticsearchErrors() {
    }

    /** HTTP status carried by the failure or one of its causes, or -1. */
    public static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException ee) {
                return ee.status();
            }
            if (t instanceof ResponseException re) {
                return re.getResponse().getStatusLine().getStatusCode();
            }
            if (t instanceof TransportException te && te.statusCode() > 0) {
                return te.statusCode();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return -1;
    }

    /**
     * The exception to throw for a failed call: a conflict, an outage, or (for anything else, which
     * is a defect of ours) an IllegalStateException with Elasticsearch's reason.
     */
    public static RuntimeException translate(String what, Exception e) {
        if (e instanceof StoreUnavailableException || e instanceof VersionConflictException) {
            return (RuntimeException) e;
        }
        int status = status(e);
        if (status == 409) {
            return new VersionConflictException(what + ": version conflict");
        }
        if (status == 503 || status == 429 || (status < 0 && causedByIo(e))) {
            return new StoreUnavailableException("Elasticsearch unavailable (" + what + "): " + brief(e), e);
        }
        if (e instanceof ElasticsearchException ee) {
            return new IllegalStateException(what + ": " + ee.response().error().reason(), e);
        }
        return new IllegalStateException(what + ": " + brief(e), e);
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String brief(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** The configured refresh policy of writes. */
    public static Refresh refresh(ElasticsearchConfig config) {
        switch (config.refresh()) {
            case "true":
                return Refresh.True;
            case "wait_for":
                return Refresh.WaitFor;
            default:
                return Refresh.False;
        }
    }
}
