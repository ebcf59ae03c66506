package cn.jinhua.risk.api.team;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A team's last reported position.
 *
 * @param ts when the team was there (ISO-8601)
 * @param accuracyM radius of uncertainty in metres, if known
 */
@Serdeable
public record TeamPosition(String teamId, Location location, String ts, @Nullable Double accuracyM, String reportedBy,
                           String receivedAt) {
    /** WGS84 degrees, stored as a geo_point. */
    @Serdeable
    public record Location(double lat, double lon) {
    }
}
