package cn.jinhua.risk.api.device;

import java.util.List;

/** Devices' last positions, one per device; a position never replaces a newer one. */
public interface DevicePositionRepository {
    /**
     * Stores each position unless the device's stored one is as new or newer. Idempotent.
     *
     * @return the positions that are now the stored ones (newer than what was there)
     */
    List<DevicePosition> saveNewer(List<DevicePosition> positions);

    /** The last positions, newest first, at most {@code limit}. */
    List<DevicePosition> latest(int limit);
}
