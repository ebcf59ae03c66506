package cn.jinhua.risk.api.sensor;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.live.EventDraft;
import cn.jinhua.risk.api.live.EventService;
import cn.jinhua.risk.api.query.Params;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.world.LiveWorld;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.geo.model.Sensor;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sensor readings for the charts: stored as the job publishes them (downsampled per sensor),
 * announced on the live stream as {@code reading} events of the sensor's scenario, served by time
 * range, and deleted after the retention. Thread-safe.
 */
@Singleton
public class SensorService {
    /** Longest range one request may ask for. */
    static final Duration MAX_RANGE = Duration.ofDays(7);
    /** Range when {@code from} is not given. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(6);
    /** Most readings one answer carries (the newest of a longer range). */
    static final int MAX_POINTS = 10_000;
    private final LiveWorld world;
    private final ReadingRepository repository;
    private final EventService events;
    private final Clock clock;

    SensorService(LiveWorld world, ReadingRepository repository, EventService events, Clock clock) {
        this.world = world;
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    /** Stores readings (the same reading again replaces itself) and announces them. */
    public void ingest(List<Reading> readings) {
        repository.saveAll(readings);
        List<EventDraft> drafts = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            Sensor s = world.world().sensor(r.sensorId()).orElseThrow();
            drafts.add(new EventDraft("reading", s.scenario().name(), List.of(),
                    new ReadingEvent("READING", r.sensorId(), r.ts(), r.value(), s.unit())));
        }
        events.publish(drafts);
    }

    /**
     * {@code GET /api/sensors/{id}/readings}: {@code from} ≤ ts < {@code to}, both ISO-8601 with
     * offset; {@code to} defaults to now, {@code from} to six hours before {@code to}; at most seven
     * days.
     */
    public ReadingsView readings(String sensorId, @Nullable String fromParam, @Nullable String toParam, Caller caller) {
        Sensor sensor = world.world().sensor(sensorId).orElseThrow(() -> ApiException.notFound("no sensor " + sensorId + " in the world"));
        if (!caller.seesScenario(sensor.scenario().name())) {
            throw ApiException.forbidden("sensors of " + sensor.scenario() + " are not visible to you");
        }
        Instant to = Params.time("to", toParam);
        Instant from = Params.time("from", fromParam);
        if (to == null) {
            to = clock.instant();
        }
        if (from == null) {
            from = to.minus(DEFAULT_RANGE);
        }
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiException.badRequest("from..to: at most " + MAX_RANGE.toDays() + " days, got "
                    + Duration.between(from, to).toHours() + " h");
        }
        ReadingRepository.ReadingSeries series = repository.range(sensorId, from, to, MAX_POINTS);
        List<ReadingsView.Point> points = series.readings().stream().map(r -> new ReadingsView.Point(r.ts(), r.value())).toList();
        return new ReadingsView(sensorId, sensor.kind().name(), sensor.unit(), sensor.siteId(), IsoTimes.format(from.toEpochMilli()),
                IsoTimes.format(to.toEpochMilli()), points, series.total() > points.size());
    }

    /** Deletes readings older than {@code retention} before now; returns how many. */
    public long expire(Duration retention) {
        return repository.deleteBefore(clock.instant().minus(retention));
    }

    /**
     * A new reading on the live stream ({@code docs/api.md} "Live stream").
     *
     * @param action always READING
     */
    public record ReadingEvent(String action, String sensorId, String ts, double value, String unit) {
    }
}
