package cn.jinhua.risk.api.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A lost person's last fix (or the call's position).
 *
 * @param ts when the fix was taken, as sent
 * @param accuracyM radius of uncertainty in metres
 * @param source GPS, CELL, WIFI or CALL
 */
@Serdeable
public record LastKnownPosition(double lat, double lon, @Nullable String ts, @Nullable Double accuracyM,
                                @Nullable String source) {
}
