package cn.jinhua.risk.api.support;

import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts one Elasticsearch for the whole test run (not per class) and stops it when the run ends.
 * Tests find it through the system property {@value #URL_PROPERTY}, which application-test.yml
 * reads. When that property is already set (an external server), nothing is started.
 */
public final class ElasticsearchSessionListener implements LauncherSessionListener {
    public static final String URL_PROPERTY = "risk.test.es.url";
    private ElasticsearchServer server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty(URL_PROPERTY) != null) {
            return;
        }
        String home = System.getProperty("risk.test.es.home");
        String work = System.getProperty("risk.test.es.work");
        if (home == null || work == null) {
            // Not under the Maven build (e.g. an IDE run without its properties): tests needing ES will say so.
            return;
        }
        try {
            // One folder per test JVM: several builds of this module may run tests at the same time.
            server = ElasticsearchServer.start(Path.of(home), Path.of(work).resolve("run-" + ProcessHandle.current().pid()));
            System.setProperty(URL_PROPERTY, server.url());
        } catch (Exception e) {
            throw new IllegalStateException("could not start Elasticsearch for the tests: " + e.getMessage(), e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
