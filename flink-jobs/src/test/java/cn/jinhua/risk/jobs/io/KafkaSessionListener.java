package cn.jinhua.risk.jobs.io;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the in-process Kafka broker of {@link TestKafka} when the test run ends, before the JVM exits. */
public final class KafkaSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            TestKafka.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the in-process Kafka broker: " + e.getMessage(), e);
        }
    }
}
