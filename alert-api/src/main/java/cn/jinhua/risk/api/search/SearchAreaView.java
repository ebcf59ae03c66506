package cn.jinhua.risk.api.search;

import cn.jinhua.risk.api.alert.LastKnownPosition;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * An incident's search area as of {@code asOf}.
 *
 * @param asOf now while the incident is open, else when it closed
 * @param lastKnownPosition the position the rings are drawn around
 * @param elapsedMinutes from the last known position to {@code asOf}
 * @param uncertaintyM the position's radius of uncertainty, added to every ring
 * @param growing true while the incident is open: asking again later gives wider rings
 * @param area GeoJSON FeatureCollection: the position, then one feature per ring ({@code percentile}, {@code radiusM}, {@code nominalRadiusM})
 */
@Serdeable
public record SearchAreaView(String incidentId, String asOf, LastKnownPosition lastKnownPosition, long elapsedMinutes,
                             long uncertaintyM, boolean growing, Map<String, Object> area) {
}
