package cn.jinhua.risk.api.device;

import cn.jinhua.risk.api.live.EventDraft;
import cn.jinhua.risk.api.live.EventService;
import cn.jinhua.risk.api.query.Paging;
import cn.jinhua.risk.geo.model.Scenario;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracked devices' last positions: stored as the job publishes them and announced on the live
 * stream as {@code device} events, which only the command centre and admins see (the events are
 * LOST_PERSON and name no team). Thread-safe.
 */
@Singleton
public class DeviceService {
    /** Most positions one snapshot returns. */
    static final int MAX_SNAPSHOT = 5_000;
    private final DevicePositionRepository repository;
    private final EventService events;

    DeviceService(DevicePositionRepository repository, EventService events) {
        this.repository = repository;
        this.events = events;
    }

    /**
     * Stores positions (older ones than the stored position of their device change nothing) and
     * announces those that moved a device. Redelivery is harmless: the same position stores and
     * announces nothing.
     */
    public void ingest(List<DevicePosition> positions) {
        List<DevicePosition> stored = repository.saveNewer(positions);
        List<EventDraft> drafts = new ArrayList<>(stored.size());
        for (DevicePosition p : stored) {
            drafts.add(new EventDraft("device", Scenario.LOST_PERSON.name(), List.of(), new DeviceEvent("POSITION",
                    p.deviceId(), p.location().lat(), p.location().lon(), p.ts(), p.accuracyM(), p.source(), p.batteryPct())));
        }
        events.publish(drafts);
    }

    /** The last position of each device, newest first ({@code size} 1–5,000, default 1,000). */
    public DevicePage latest(@Nullable String size) {
        int n = size == null ? 1_000 : Paging.parseInt("size", size, 1, MAX_SNAPSHOT);
        return new DevicePage(repository.latest(n));
    }

    /**
     * A device's new position on the live stream ({@code docs/api.md} "Live stream").
     *
     * @param action always POSITION
     */
    public record DeviceEvent(String action, String deviceId, double lat, double lon, String ts, @Nullable Double accuracyM,
                              @Nullable String source, @Nullable Integer batteryPct) {
    }
}
