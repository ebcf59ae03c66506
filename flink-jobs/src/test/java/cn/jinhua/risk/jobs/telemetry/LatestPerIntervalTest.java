package cn.jinhua.risk.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.SensorReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LatestPerIntervalTest {
    private static final long T0 = Instant.parse("2026-12-19T09:00:00Z").toEpochMilli();
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofHours(1);
    /** Wall clock of the harness, unrelated to the records' event time (a replay runs ahead of it). */
    private static final long WALL = 5_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, LocationFix, LocationFix> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = positions();
        harness.setProcessingTime(WALL);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LocationFix, LocationFix> positions() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LatestPerInterval<>(INTERVAL, IDLE,
                TypeInformation.of(LocationFix.class), LocationFix::tsMillis)), LocationFix::deviceId, Types.STRING);
    }

    private static LocationFix fix(String device, long secondsAfterT0, double lat) {
        long t = T0 + secondsAfterT0 * 1000;
        return new LocationFix(device, t, Instant.ofEpochMilli(t).toString(), lat, 119.66, 15.0, "GPS", 80, 0, secondsAfterT0);
    }

    private void send(LocationFix f) throws Exception {
        harness.processElement(new StreamRecord<>(f, f.tsMillis()));
    }

    private List<Long> published() {
        return harness.extractOutputValues().stream().map(f -> (f.tsMillis() - T0) / 1000).toList();
    }

    @Test
    void publishesAtMostOnePositionPerDeviceAndIntervalOfEventTime() throws Exception {
        for (int s = 0; s <= 30; s += 2) {
            send(fix("d-bs-father", s, 29.23));
        }
        // A replay at full speed: the wall clock does not move, so only whole intervals of event time pass.
        assertThat(published()).containsExactly(0L, 10L, 20L, 30L);
    }

    @Test
    void theLatestHeldPositionGoesOutOneIntervalLaterByTheWallClock() throws Exception {
        send(fix("d-bs-father", 0, 29.230));
        send(fix("d-bs-father", 3, 29.231));
        send(fix("d-bs-father", 6, 29.232));
        assertThat(published()).containsExactly(0L);

        harness.setProcessingTime(WALL + INTERVAL.toMillis());
        assertThat(published()).containsExactly(0L, 6L);
        assertThat(harness.extractOutputValues().get(1).lat()).isEqualTo(29.232);
        // Nothing held any more: the flush timer is gone, only the idle expiry remains.
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void dropsPositionsNotNewerThanThePublishedOne() throws Exception {
        send(fix("d-bs-son", 20, 29.24));
        send(fix("d-bs-son", 12, 29.20));
        send(fix("d-bs-son", 20, 29.20));
        harness.setProcessingTime(WALL + INTERVAL.toMillis());
        assertThat(published()).containsExactly(20L);
    }

    @Test
    void devicesAreThrottledEachOnItsOwn() throws Exception {
        send(fix("d-a", 0, 29.1));
        send(fix("d-b", 1, 29.2));
        send(fix("d-a", 2, 29.1));
        send(fix("d-b", 11, 29.2));
        assertThat(harness.extractOutputValues()).extracting(LocationFix::deviceId).containsExactly("d-a", "d-b", "d-b");
    }

    @Test
    void aQuietDeviceLeavesNoStateBehind() throws Exception {
        send(fix("d-bs-father", 0, 29.23));
        send(fix("d-bs-father", 4, 29.24));
        harness.setProcessingTime(WALL + IDLE.toMillis());
        assertThat(published()).containsExactly(0L, 4L);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        // After the expiry the device starts afresh: an older fix than the forgotten one is news again.
        send(fix("d-bs-father", 2, 29.25));
        assertThat(published()).containsExactly(0L, 4L, 2L);
    }

    @Test
    void aRestoredOperatorKeepsWhatItPublishedAndWhatItHeld() throws Exception {
        send(fix("d-bs-father", 0, 29.23));
        send(fix("d-bs-father", 5, 29.24));
        OperatorSubtaskState snapshot = harness.snapshot(1L, WALL);
        harness.close();

        harness = positions();
        harness.setProcessingTime(WALL);
        harness.initializeState(snapshot);
        harness.open();
        send(fix("d-bs-father", 7, 29.25));
        send(fix("d-bs-father", 0, 29.23));
        harness.setProcessingTime(WALL + INTERVAL.toMillis());
        assertThat(published()).containsExactly(7L);
    }

    @Test
    void readingsAreDownsampledPerSensor() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> readings =
                     new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LatestPerInterval<>(
                             Duration.ofSeconds(30), IDLE, TypeInformation.of(SensorReading.class), SensorReading::tsMillis)),
                             SensorReading::sensorId, Types.STRING)) {
            readings.setProcessingTime(WALL);
            readings.open();
            for (int s = 0; s < 120; s += 10) {
                long t = T0 + s * 1000L;
                readings.processElement(new StreamRecord<>(new SensorReading("wy-e01-pool-level", t,
                        Instant.ofEpochMilli(t).toString(), 1.0 + s / 1000.0, "M", 0, s), t));
            }
            assertThat(readings.extractOutputValues()).extracting(r -> (r.tsMillis() - T0) / 1000)
                    .containsExactly(0L, 30L, 60L, 90L);
        }
    }

    @Test
    void refusesAnIdleTimeNotLongerThanTheInterval() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LatestPerInterval<>(INTERVAL, INTERVAL,
                TypeInformation.of(LocationFix.class), LocationFix::tsMillis)).isInstanceOf(IllegalArgumentException.class);
    }
}
