package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.SluiceRole;
import cn.jinhua.risk.geo.model.StationPosition;
import cn.jinhua.risk.geo.model.WaterQualityStation;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plating.creek-contamination} ({@code docs/rules.md} "plating.creek-contamination"): a
 * downstream water-quality sensor is outside its limits (min/max from the world) for
 * {@code consecutive} readings in a row while the upstream sensor of the same kind on the same
 * creek reach is within its limits: the park, not the creek above it, is the source. The upstream
 * reading is its newest at or before the out-of-orderness bound before the confirming reading, so
 * the verdict does not depend on whether the two stations' records of one time arrived in one
 * order or the other (wastewater/DESIGN.md "Decided on arrival"). CRITICAL,
 * COUNTY, tier 3; event time = the confirming reading's. The interception sluices of the reach are
 * ordered closed. Open until the downstream sensor is within its limits again.
 */
public final class CreekContaminationRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("plating.creek-contamination");

    /** @param consecutive consecutive downstream exceedances that raise the alert (2) */
    public record Params(int consecutive) implements Serializable {
        public Params {
            if (consecutive < 1) {
                throw new IllegalArgumentException("consecutive must be ≥ 1, got " + consecutive);
            }
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.integer(v, "consecutive"));
        }
    }

    /**
     * The creek is contaminated below the park.
     *
     * @param run the consecutive downstream readings over the limit, oldest first
     * @param upstreamId the upstream sensor of the same kind
     * @param upstream its latest reading, within the limits
     */
    record Verdict(WaterQualityStation station, Sensor sensor, Sample sample, List<Sample> run, String upstreamId,
                   Sample upstream, CreekReservoir reach, List<Sluice> closeSluices) {
        Severity severity() {
            return Severity.CRITICAL;
        }

        /** Id material beside rule, subject and event time: each parameter is its own alert. */
        String discriminator() {
            return sensor.kind().name();
        }
    }

    private final Params params;
    private final World world;
    private final ParkGeo geo;
    private final long lookbackMillis;
    /** Downstream sensor id → the upstream sensor of the same kind on the same reach. */
    private final Map<String, String> upstreamTwin = new HashMap<>();

    /** @param lookback the job's out-of-orderness bound: the upstream reading is read as of this long before */
    CreekContaminationRule(Params params, ParkGeo geo, Duration lookback) {
        this.params = params;
        this.lookbackMillis = lookback.toMillis();
        this.world = geo.world();
        this.geo = geo;
        for (WaterQualityStation down : world.all(WaterQualityStation.class)) {
            if (down.position() != StationPosition.DOWNSTREAM || !geo.hasReaches()) {
                continue;
            }
            CreekReservoir reach = geo.reachNear(down.geometry().getX(), down.geometry().getY());
            for (WaterQualityStation up : world.all(WaterQualityStation.class)) {
                if (up.position() != StationPosition.UPSTREAM
                        || !geo.reachNear(up.geometry().getX(), up.geometry().getY()).id().equals(reach.id())) {
                    continue;
                }
                for (String ds : down.sensors()) {
                    Sensor d = world.require(ds, Sensor.class);
                    for (String us : up.sensors()) {
                        if (world.require(us, Sensor.class).kind() == d.kind()) {
                            upstreamTwin.putIfAbsent(ds, us);
                        }
                    }
                }
            }
        }
    }

    /** Whether the sensor is the upstream reference of a downstream one (its history is kept). */
    boolean isUpstreamReference(String sensorId) {
        return upstreamTwin.containsValue(sensorId);
    }

    /** A newest reading of a water-quality sensor (an upstream reference's is already in its history in {@code s}). */
    Optional<Verdict> onQuality(ParkState s, Sensor sensor, Sample sample) {
        String upId = upstreamTwin.get(sensor.id());
        if (upId == null) {
            return Optional.empty();
        }
        String key = ParkState.openKey(RULE.id(), sensor.id());
        if (sensor.withinLimits(sample.getValue())) {
            s.exceedances.remove(sensor.id());
            s.open.remove(key);
            return Optional.empty();
        }
        List<Sample> run = s.exceedances.computeIfAbsent(sensor.id(), k -> new Samples()).items;
        run.add(sample);
        while (run.size() > params.consecutive()) {
            run.remove(0);
        }
        Sample up = s.asOf(upId, sample.getTsMillis() - lookbackMillis);
        Sensor upSensor = world.require(upId, Sensor.class);
        if (s.open.containsKey(key) || run.size() < params.consecutive() || up == null || !upSensor.withinLimits(up.getValue())) {
            return Optional.empty();
        }
        s.open.put(key, Severity.CRITICAL.name());
        WaterQualityStation station = world.require(sensor.siteId(), WaterQualityStation.class);
        CreekReservoir reach = geo.reachNear(station.geometry().getX(), station.geometry().getY());
        List<Sluice> sluices = geo.sluicesOf(reach).stream()
                .filter(sl -> sl.role() == SluiceRole.SEWAGE_INTERCEPT || sl.role() == SluiceRole.CLEAN_WATER_INTERCEPT)
                .toList();
        return Optional.of(new Verdict(station, sensor, sample, List.copyOf(run), upId, up, reach, sluices));
    }
}
