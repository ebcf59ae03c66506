package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.jobs.feed.SensorReading;
import java.io.Serializable;

/**
 * A reading valid against the live world, with where the world sends it ({@link SensorRouter}).
 *
 * @param ruleKey the park rules' key (pool network or creek reach), null when no park rule reads the sensor
 * @param sluiceId the sluice the sensor reports the position of, or null
 * @param worldVersion the world version the reading was validated and routed with: the park rules
 *     decide it with that world or a newer one
 */
public record RoutedReading(SensorReading reading, String ruleKey, String sluiceId, int worldVersion)
        implements Serializable {
}
