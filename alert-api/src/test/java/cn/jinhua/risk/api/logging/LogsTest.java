package cn.jinhua.risk.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import cn.jinhua.risk.api.support.Api;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Log lines carry an ISO date and time; every request is in the access log, the stream's token masked. */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-logs-")
class LogsTest {
    private static final String ISO_DATE_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})";

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void requestsAreInTheDatedAccessLogWithoutTheStreamToken() throws InterruptedException {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger access = logging.getLogger("HTTP_ACCESS_LOGGER");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        access.addAppender(seen);
        try {
            Api api = new Api(client);
            assertThat(api.get("/api/alerts?size=1", "command").status()).isEqualTo(200);
            assertThat(api.call("GET", "/api/stream?access_token=not-a-real-token-4711", null, null).status()).isEqualTo(401);

            String alerts = line(access, waitFor(seen, "/api/alerts?size=1"));
            assertThat(alerts).matches(ISO_DATE_TIME + " ACCESS .*\"GET /api/alerts\\?size=1 HTTP/1\\.1\" 200 .*\\R");
            String stream = line(access, waitFor(seen, "/api/stream"));
            assertThat(stream).contains("/api/stream?access_token=*** ").contains("\" 401 ").doesNotContain("4711");
        } finally {
            access.detachAppender(seen);
        }
    }

    @Test
    void applicationLogLinesStartWithTheirDateAndTime() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LoggingEvent event = new LoggingEvent(LogsTest.class.getName(), root, ch.qos.logback.classic.Level.INFO,
                "started", null, null);
        assertThat(encode(root, "STDOUT", event)).matches(ISO_DATE_TIME + " INFO  \\[.*\\] .* - started\\R");
    }

    private static ILoggingEvent waitFor(ListAppender<ILoggingEvent> seen, String path) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Optional<ILoggingEvent> found = List.copyOf(seen.list).stream()
                    .filter(e -> e.getFormattedMessage().contains(path)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no access log line for " + path + " in " + seen.list);
    }

    private static String line(Logger access, ILoggingEvent event) {
        return encode(access, "ACCESS", event);
    }

    private static String encode(Logger logger, String appender, ILoggingEvent event) {
        OutputStreamAppender<ILoggingEvent> out = (OutputStreamAppender<ILoggingEvent>) logger.getAppender(appender);
        assertThat(out).as("appender " + appender + " of " + logger.getName()).isNotNull();
        return new String(out.getEncoder().encode(event), StandardCharsets.UTF_8);
    }
}
