package cn.jinhua.risk.jobs.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter listening on one address ({@value #HOST}) instead of every interface,
 * for the local runner, which binds it where it binds its web UI (127.0.0.1 unless
 * {@code RISK_BIND} says otherwise). Flink's own reporter takes only a port. Clusters keep Flink's
 * reporter: there the pod network decides who reaches it.
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {
    public static final String HOST = "host";
    public static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty(HOST, "127.0.0.1");
        String port = properties.getProperty(PORT);
        if (port == null) {
            throw new IllegalArgumentException("the Prometheus reporter needs a port");
        }
        return new BoundPrometheusReporter(new InetSocketAddress(host, Integer.parseInt(port.trim())));
    }

    static final class BoundPrometheusReporter extends AbstractPrometheusReporter {
        private final HTTPServer server;

        BoundPrometheusReporter(InetSocketAddress address) {
            try {
                server = new HTTPServer(address, registry(this), true);
            } catch (IOException e) {
                throw new UncheckedIOException("the job's metrics cannot listen on " + address + ": " + e.getMessage(), e);
            }
            log.info("Serving the job's metrics for Prometheus on {}:{}", address.getHostString(), server.getPort());
        }

        int port() {
            return server.getPort();
        }

        @Override
        public void close() {
            server.stop();
            super.close();
        }

        /**
         * The registry Flink's reporter fills is not visible to subclasses; a Flink upgrade that
         * renames it fails here, at the reporter's start, with this message.
         */
        private static CollectorRegistry registry(AbstractPrometheusReporter reporter) {
            try {
                Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
                f.setAccessible(true);
                return (CollectorRegistry) f.get(reporter);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("this Flink's Prometheus reporter keeps no registry the job can serve: " + e, e);
            }
        }
    }
}
