package cn.jinhua.risk.api.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The trail nearest to a lost person.
 *
 * @param distanceM metres from the last known position to the trail
 */
@Serdeable
public record NearestTrail(String id, @Nullable String name, @Nullable String nameZh, double distanceM) {
}
