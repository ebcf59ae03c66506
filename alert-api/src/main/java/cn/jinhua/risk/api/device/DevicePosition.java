package cn.jinhua.risk.api.device;

import cn.jinhua.risk.api.alert.Position;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A tracked device's last position as the job publishes it ({@code risk.positions},
 * {@code docs/feeds.md} "What the job publishes"). Immutable.
 *
 * @param ts time of the fix, ISO-8601 with offset
 * @param accuracyM radius of uncertainty in metres, or null
 * @param source GPS, CELL or WIFI, or null
 * @param batteryPct 0–100, or null
 * @param receivedAt when the API stored it
 */
@Serdeable
public record DevicePosition(String deviceId, Position location, String ts, @Nullable Double accuracyM,
                             @Nullable String source, @Nullable Integer batteryPct, String receivedAt) {
}
