package cn.jinhua.risk.api.telemetry;

import cn.jinhua.risk.api.device.DevicePosition;
import cn.jinhua.risk.api.device.DeviceService;
import cn.jinhua.risk.api.kafka.TopicFollower;
import cn.jinhua.risk.api.sensor.Reading;
import cn.jinhua.risk.api.sensor.SensorService;
import cn.jinhua.risk.contract.IsoTimes;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code risk.positions} and {@code risk.readings} on a thread of its own: each polled
 * batch is parsed, stored (devices' positions, sensors' readings) and announced on the live
 * stream, and only then are its offsets committed. A batch that cannot be stored (Elasticsearch
 * down) is read again from its first offsets after a pause, so a failure or a restart loses
 * nothing, and storage is idempotent (positions by device and time, readings by sensor and time),
 * so reading again stores nothing twice. A record that is not what the job writes is logged with
 * its reason and skipped; the others of its batch are kept. Readings older than the retention are
 * deleted every hour.
 */
@Singleton
public class TelemetryFollower {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryFollower.class);
    private final TelemetryProperties props;
    private final TelemetryParser parser;
    private final DeviceService devices;
    private final SensorService sensors;
    private final Clock clock;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final TopicFollower follower;

    TelemetryFollower(TelemetryProperties props, TelemetryConsumers consumers, TelemetryParser parser, DeviceService devices,
                      SensorService sensors, Clock clock) {
        this.props = props;
        this.parser = parser;
        this.devices = devices;
        this.sensors = sensors;
        this.clock = clock;
        this.follower = new TopicFollower("telemetry", List.of(props.positionsTopic(), props.readingsTopic()),
                () -> consumers.create(props), this::handle, props.pollTimeout(), props.retryDelay());
    }

    @EventListener
    void onStartup(StartupEvent e) {
        if (props.enabled()) {
            start();
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent e) {
        stop();
    }

    /** Starts following the topics; a second call does nothing. */
    public void start() {
        follower.start();
        LOG.info("following {} and {} at {} (group {})", props.positionsTopic(), props.readingsTopic(), props.bootstrap(),
                props.groupId());
    }

    /** Stops following and waits for the thread; what was stored stays committed. */
    public void stop() {
        follower.stop();
    }

    /** Records refused as not what the job writes, since start. */
    public long refusedCount() {
        return refused.get();
    }

    /** Records stored (positions and readings), since start. */
    public long storedCount() {
        return stored.get();
    }

    /** Parses, stores and announces one batch; a refused record is logged and skipped. */
    void handle(ConsumerRecords<byte[], byte[]> batch) {
        String receivedAt = IsoTimes.formatSortable(clock.instant());
        List<DevicePosition> positions = new ArrayList<>();
        List<Reading> readings = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            try {
                if (r.topic().equals(props.positionsTopic())) {
                    positions.add(parser.position(r.value(), receivedAt));
                } else {
                    readings.add(parser.reading(r.value()));
                }
            } catch (TelemetryParser.Refused e) {
                refused.incrementAndGet();
                LOG.warn("refused {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        devices.ingest(positions);
        sensors.ingest(readings);
        stored.addAndGet(positions.size() + readings.size());
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    void expireReadings() {
        if (!props.enabled()) {
            return;
        }
        try {
            long deleted = sensors.expire(props.readingRetention());
            if (deleted > 0) {
                LOG.info("deleted {} readings older than {}", deleted, props.readingRetention());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not delete old readings, next hour retries: {}", e.getMessage());
        }
    }
}
