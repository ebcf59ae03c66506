package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plating.enclosure-water} ({@code docs/rules.md} "plating.enclosure-water"): water at a
 * plant's gate reaches {@code highFraction} of its gate ramp (HIGH, PARK, tier 2) or goes over the
 * ramp (CRITICAL, TOWNSHIP, tier 3: wastewater leaves the enclosure, and both sluices of the nearest
 * creek reach are ordered closed, which {@link SluiceNotClosedRule} then watches). Ramp heights
 * come from the world. Open until the depth drops below {@code clearFraction} of the ramp; a higher
 * severity while open is a new alert. Event time = the reading's.
 */
public final class EnclosureWaterRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("plating.enclosure-water");

    /**
     * @param highFraction gate depth ≥ this × gateRampCm raises HIGH
     * @param clearFraction the condition clears below this × gateRampCm
     */
    public record Params(double highFraction, double clearFraction) implements Serializable {
        public Params {
            if (!(clearFraction > 0 && clearFraction <= highFraction && highFraction < 1)) {
                throw new IllegalArgumentException("need 0 < clearFraction ≤ highFraction < 1, got "
                        + clearFraction + " and " + highFraction);
            }
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.number(v, "highFraction"), RuleValues.number(v, "clearFraction"));
        }
    }

    /**
     * Water in the enclosure.
     *
     * @param gate the gate depth sensor
     * @param depthCm the reading
     * @param reach the creek reach the water leaves to (CRITICAL in a world with reaches), else null
     * @param closeSluices the sluices to close (CRITICAL), else empty
     */
    record Verdict(Plant plant, Sensor gate, Sample sample, double depthCm, Severity severity, CreekReservoir reach,
                   List<Sluice> closeSluices) {
        boolean leaving() {
            return severity == Severity.CRITICAL;
        }

        ResponseLevel level() {
            return leaving() ? ResponseLevel.TOWNSHIP : ResponseLevel.PARK;
        }

        int tier() {
            return leaving() ? 3 : 2;
        }

        /** Id material beside rule, subject and event time. */
        String discriminator() {
            return severity.name();
        }
    }

    private final Params params;
    private final ParkGeo geo;

    EnclosureWaterRule(Params params, ParkGeo geo) {
        this.params = params;
        this.geo = geo;
    }

    Optional<Verdict> onGateDepth(ParkState s, Plant plant, Sensor gate, Sample sample) {
        String key = ParkState.openKey(RULE.id(), plant.id());
        double depth = sample.getValue();
        double ramp = plant.gateRampCm();
        Severity open = s.open.containsKey(key) ? Severity.valueOf(s.open.get(key)) : null;
        if (open != null && depth < params.clearFraction() * ramp) {
            s.open.remove(key);
            open = null;
        }
        Severity target = depth >= ramp ? Severity.CRITICAL
                : depth >= params.highFraction() * ramp ? Severity.HIGH : null;
        if (target == null || (open != null && target.compareTo(open) <= 0)) {
            return Optional.empty();
        }
        s.open.put(key, target.name());
        CreekReservoir reach = null;
        List<Sluice> sluices = List.of();
        if (target == Severity.CRITICAL && geo.hasReaches()) {
            reach = geo.reachNear(gate.geometry().getX(), gate.geometry().getY());
            sluices = geo.sluicesOf(reach);
        }
        return Optional.of(new Verdict(plant, gate, sample, depth, target, reach, sluices));
    }
}
