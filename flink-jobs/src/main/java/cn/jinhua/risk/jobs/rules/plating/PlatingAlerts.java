package cn.jinhua.risk.jobs.rules.plating;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.WorldFeature;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.geo.team.TeamDistance;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.AlertIds;
import cn.jinhua.risk.jobs.alert.AlertTimes;
import cn.jinhua.risk.jobs.alert.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Point;

/**
 * Builds plating alerts in the SPEC §5 shape: deterministic id, location and zones of the subject,
 * response teams from the world, and the creek reach and sluices that belong to a place. Thread-safe
 * once built (reads an immutable world).
 */
public final class PlatingAlerts {
    private final World world;
    private final EtaModel eta;
    private final Clock clock;

    public PlatingAlerts(World world, EtaModel eta, Clock clock) {
        this.world = world;
        this.eta = eta;
        this.clock = clock;
    }

    /** The parts of an alert that differ between rules. */
    public record Spec(String ruleId, Severity severity, String discriminator, String incidentKey, WorldFeature subject,
                       Point location, long eventTimeMillis, int tier, ResponseLevel level, String title,
                       String titleZh, List<Alert.Evidence> evidence, Map<String, Object> recommendation,
                       Long predictedOverflowAtMillis) {
    }

    public Alert build(Spec s) {
        double lon = s.location().getX();
        double lat = s.location().getY();
        return new Alert(
                AlertIds.of(s.ruleId(), PlatingRuleIds.VERSION, s.subject().id(), s.eventTimeMillis(), s.discriminator()),
                s.ruleId(), PlatingRuleIds.VERSION, PlatingRuleIds.SCENARIO, s.severity(), s.incidentKey(),
                s.subject().id(), s.title(), s.titleZh(), AlertTimes.iso(s.eventTimeMillis()),
                AlertTimes.iso(clock.millis()), new Alert.Location(round(lat, 6), round(lon, 6)), zoneIds(lon, lat),
                s.tier(), s.level().name(), List.copyOf(s.evidence()), s.recommendation(), null,
                s.predictedOverflowAtMillis() == null ? null : AlertTimes.iso(s.predictedOverflowAtMillis()),
                null, null);
    }

    /** Ids of the areas (park, plant, creek reach) containing the point. */
    public List<String> zoneIds(double lon, double lat) {
        return List.copyOf(world.index().areaIdsAt(lon, lat));
    }

    /** The response teams for a place, as plain maps for the recommendation. */
    public List<Map<String, Object>> teams(String plantId, ResponseLevel level, boolean sluiceMustClose, Point at) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TeamDistance td : world.teams().wastewaterResponse(plantId, level, sluiceMustClose, at.getX(), at.getY(), eta)) {
            Team t = td.team();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("nameZh", t.nameZh());
            m.put("role", t.role().name());
            m.put("level", t.level() == null ? null : t.level().name());
            m.put("distanceM", Math.round(td.distanceM()));
            m.put("etaMinutes", Math.max(1, Math.round(td.eta().toSeconds() / 60.0)));
            out.add(m);
        }
        return out;
    }

    /** Whether the world has a creek reach (tier-3 holding space) at all. */
    public boolean hasReaches() {
        return !world.all(CreekReservoir.class).isEmpty();
    }

    /**
     * The creek reach (tier-3 holding space) nearest to a point.
     *
     * @throws IllegalStateException when the world has none (check {@link #hasReaches()})
     */
    public CreekReservoir reachNear(double lon, double lat) {
        return world.all(CreekReservoir.class).stream()
                .min(Comparator.comparingDouble((CreekReservoir r) -> SpatialIndex.distanceToAreaM(lon, lat, r.geometry()))
                        .thenComparing(CreekReservoir::id))
                .orElseThrow(() -> new IllegalStateException("the world has no CREEK_RESERVOIR"));
    }

    /** The sluices that close off a creek reach: those nearer to it than to any other reach. */
    public List<Sluice> sluicesOf(CreekReservoir reach) {
        return world.all(Sluice.class).stream()
                .filter(s -> reachNear(s.geometry().getX(), s.geometry().getY()).id().equals(reach.id()))
                .sorted(Comparator.comparing(Sluice::role).thenComparing(Sluice::id))
                .toList();
    }

    public static Map<String, Object> sluiceRef(Sluice s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("nameZh", s.nameZh());
        m.put("role", s.role().name());
        m.put("positionSensor", s.positionSensor());
        return m;
    }

    public static Alert.Evidence evidence(String sensorId, Sample s) {
        return new Alert.Evidence(PlatingRuleIds.TOPIC_SENSORS, sensorId, s.getTs(), s.getValue());
    }

    public static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
