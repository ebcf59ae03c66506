package cn.jinhua.risk.jobs.telemetry;

import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.SensorReading;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the job publishes for the screens besides alerts ({@code docs/feeds.md} "What the job
 * publishes"): each device's position, throttled per device, and each sensor's readings,
 * downsampled per sensor. Validated, on-time records in; no sources, sinks or environment settings.
 */
public final class TelemetryTopology {
    public static final String UID_POSITIONS = "positions-throttle";
    public static final String UID_READINGS = "readings-downsample";

    private TelemetryTopology() {
    }

    /** The two published streams. */
    public record Telemetry(DataStream<LocationFix> positions, DataStream<SensorReading> readings) {
    }

    /**
     * @param positionInterval at most one position per device and interval of event time
     * @param readingInterval at most one reading per sensor and interval of event time
     */
    public static Telemetry apply(DataStream<LocationFix> fixes, DataStream<SensorReading> readings,
                                  Duration positionInterval, Duration readingInterval) {
        DataStream<LocationFix> positions = fixes.keyBy(LocationFix::deviceId)
                .process(new LatestPerInterval<>(positionInterval, idleAfter(positionInterval),
                        TypeInformation.of(LocationFix.class), LocationFix::tsMillis), TypeInformation.of(LocationFix.class))
                .uid(UID_POSITIONS).name("last position per device");
        DataStream<SensorReading> sampled = readings.keyBy(SensorReading::sensorId)
                .process(new LatestPerInterval<>(readingInterval, idleAfter(readingInterval),
                        TypeInformation.of(SensorReading.class), SensorReading::tsMillis), TypeInformation.of(SensorReading.class))
                .uid(UID_READINGS).name("readings per sensor, downsampled");
        return new Telemetry(positions, sampled);
    }

    /** A key's state lives on for an hour, or ten intervals when longer. */
    static Duration idleAfter(Duration interval) {
        Duration tenIntervals = interval.multipliedBy(10);
        return tenIntervals.compareTo(Duration.ofHours(1)) > 0 ? tenIntervals : Duration.ofHours(1);
    }
}
