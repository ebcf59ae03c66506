package cn.jinhua.risk.api.search;

import cn.jinhua.risk.api.alert.AlertView;
import cn.jinhua.risk.api.alert.LastKnownPosition;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.incident.IncidentService;
import cn.jinhua.risk.api.incident.IncidentView;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.world.LiveWorld;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Zone;
import cn.jinhua.risk.geo.search.SearchArea;
import cn.jinhua.risk.geo.search.SearchAreaConfig;
import cn.jinhua.risk.geo.search.SearchAreaEstimator;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search area of a lost-person incident as of now ({@code docs/alerts.md} "Search areas"): the
 * rings an alert carries are frozen at the moment it was raised, while the person keeps moving. Here
 * the same lost-person statistics (geo's {@link SearchAreaEstimator}, Koester's mountain-hiker
 * distances, 1.5 km/h) are applied to the time since the incident's last known position: while the
 * incident is open, up to now; once it is closed, up to when it closed. Every ring is widened by
 * the position's own uncertainty. Thread-safe.
 */
@Singleton
public class SearchAreaService {
    private final IncidentService incidents;
    private final LiveWorld world;
    private final Clock clock;
    private final SearchAreaEstimator estimator;

    /**
     * @param radiiKm {@code risk.search.radii-km} (env RISK_SEARCH_RADII_KM), the job's
     *     {@code hiker.searchRadiiKm}: the rings must be the alerts' rings; Koester's when unset
     * @param walkingKmh {@code risk.search.walking-kmh} (env RISK_SEARCH_WALKING_KMH), the job's
     *     {@code hiker.searchWalkingKmh}
     * @throws IllegalArgumentException naming the setting when a value is out of range: the API does not start
     */
    SearchAreaService(IncidentService incidents, LiveWorld world, Clock clock,
                      @Nullable @Value("${risk.search.radii-km:}") String radiiKm,
                      @Nullable @Value("${risk.search.walking-kmh:}") String walkingKmh) {
        this.incidents = incidents;
        this.world = world;
        this.clock = clock;
        this.estimator = new SearchAreaEstimator(config(radiiKm, walkingKmh));
    }

    static SearchAreaConfig config(String radiiKm, String walkingKmh) {
        SearchAreaConfig k = SearchAreaConfig.koesterMountainHiker();
        List<Double> radii = k.radiiKm();
        double walking = k.walkingSpeedKmh();
        try {
            if (radiiKm != null && !radiiKm.isBlank()) {
                radii = Arrays.stream(radiiKm.split(",")).map(String::trim).map(Double::valueOf).toList();
            }
            if (walkingKmh != null && !walkingKmh.isBlank()) {
                walking = Double.parseDouble(walkingKmh.trim());
            }
            return SearchAreaConfig.hiker(radii, walking);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("risk.search.radii-km (RISK_SEARCH_RADII_KM) must be positive ascending"
                    + " km, comma-separated, and risk.search.walking-kmh (RISK_SEARCH_WALKING_KMH) a positive speed; got '"
                    + radiiKm + "' and '" + walkingKmh + "': " + e.getMessage(), e);
        }
    }

    /** The current search area of an incident the caller may see; 404 when it has no last known position. */
    public SearchAreaView current(String incidentId, Caller caller) {
        IncidentView inc = incidents.detail(incidentId, caller);
        LastKnownPosition lkp = lastKnown(inc).orElseThrow(() -> ApiException.notFound("incident " + incidentId
                + " has no last known position (only lost-person incidents have a search area)"));
        Instant asOf = inc.open() ? clock.instant() : IsoTimes.parseInstant(inc.updatedAt());
        Instant at = IsoTimes.parseInstant(lkp.ts());
        Duration elapsed = at.isAfter(asOf) ? Duration.ZERO : Duration.between(at, asOf);
        double uncertainty = lkp.accuracyM() == null ? 0 : lkp.accuracyM();
        SearchArea area = estimator.estimate(lkp.lon(), lkp.lat(), uncertainty, elapsed, patrolArea(lkp).orElse(null));
        Map<String, Object> geoJson = area.toGeoJson();
        return new SearchAreaView(incidentId, IsoTimes.formatSortable(asOf), lkp, elapsed.toMinutes(), Math.round(uncertainty),
                inc.open(), geoJson);
    }

    /** The newest last known position among the incident's alerts (the most accurate of equally new ones). */
    static Optional<LastKnownPosition> lastKnown(IncidentView inc) {
        return inc.alerts() == null ? Optional.empty() : inc.alerts().stream().map(AlertView::alert)
                .map(a -> a.lastKnownPosition()).filter(p -> p != null && p.ts() != null)
                .max(Comparator.comparing((LastKnownPosition p) -> IsoTimes.parseInstant(p.ts()))
                        .thenComparing(p -> p.accuracyM() == null ? Double.MAX_VALUE : p.accuracyM(), Comparator.reverseOrder()));
    }

    private Optional<org.locationtech.jts.geom.Polygon> patrolArea(LastKnownPosition p) {
        return world.world().all(Zone.class).stream().filter(z -> z.type() == FeatureType.MOUNTAIN_AREA)
                .min(Comparator.comparingDouble(z -> SpatialIndex.distanceToAreaM(p.lon(), p.lat(), z.geometry())))
                .map(Zone::geometry);
    }
}
