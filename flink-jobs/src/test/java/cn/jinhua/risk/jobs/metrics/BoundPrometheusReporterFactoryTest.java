package cn.jinhua.risk.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.jobs.metrics.BoundPrometheusReporterFactory.BoundPrometheusReporter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;

class BoundPrometheusReporterFactoryTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesFlinksMetricsOnTheGivenAddressOnly() throws Exception {
        Properties p = new Properties();
        p.setProperty(BoundPrometheusReporterFactory.HOST, "127.0.0.1");
        p.setProperty(BoundPrometheusReporterFactory.PORT, "0");
        BoundPrometheusReporter reporter = (BoundPrometheusReporter) new BoundPrometheusReporterFactory().createMetricReporter(p);
        try {
            reporter.open(new MetricConfig());
            SimpleCounter dead = new SimpleCounter();
            dead.inc(3);
            reporter.notifyOfAddedMetric(dead, "deadLetters", new JobGroup());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + reporter.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("risk_job_deadLetters 3.0");

            Optional<InetAddress> other = otherAddress();
            if (other.isPresent()) {
                URI elsewhere = URI.create("http://" + other.get().getHostAddress() + ":" + reporter.port() + "/metrics");
                assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(elsewhere).build(), HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(ConnectException.class);
            }
        } finally {
            reporter.close();
        }
    }

    /** Flink takes a reporter's factory.class only from the factories its service loader finds. */
    @Test
    void flinkFindsTheFactory() {
        assertThat(ServiceLoader.load(MetricReporterFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(BoundPrometheusReporterFactory.class);
    }

    @Test
    void aPortTakenIsSaidWithTheAddress() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Properties p = new Properties();
            p.setProperty(BoundPrometheusReporterFactory.PORT, Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> new BoundPrometheusReporterFactory().createMetricReporter(p))
                    .hasMessageContaining("the job's metrics cannot listen on")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    /** A metric group scoped like the job's operators are, as a reporter sees it. */
    static final class JobGroup extends UnregisteredMetricsGroup implements LogicalScopeProvider {
        @Override
        public String getLogicalScope(CharacterFilter filter) {
            return getLogicalScope(filter, '.');
        }

        @Override
        public String getLogicalScope(CharacterFilter filter, char delimiter) {
            return "risk" + delimiter + "job";
        }

        @Override
        public MetricGroup getWrappedMetricGroup() {
            return this;
        }
    }

    /** A non-loopback IPv4 address of this machine, if it has one. */
    static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
