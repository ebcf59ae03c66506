package cn.jinhua.risk.geo.team;

import cn.jinhua.risk.geo.model.TeamRole;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Straight-line travel speeds per team role, km/h, for ETAs. Straight-line distance over speed
 * understates real mountain travel; the speeds are set low to compensate. Immutable and
 * thread-safe.
 */
public final class EtaModel {
    private final Map<TeamRole, Double> kmh;
    private final double defaultKmh;

    public EtaModel(Map<TeamRole, Double> kmh, double defaultKmh) {
        for (Map.Entry<TeamRole, Double> e : kmh.entrySet()) {
            if (!(e.getValue() > 0)) {
                throw new IllegalArgumentException("speed for " + e.getKey() + " must be > 0 km/h, got " + e.getValue());
            }
        }
        if (!(defaultKmh > 0)) {
            throw new IllegalArgumentException("default speed must be > 0 km/h, got " + defaultKmh);
        }
        this.kmh = new EnumMap<>(TeamRole.class);
        this.kmh.putAll(kmh);
        this.defaultKmh = defaultKmh;
    }

    /** Road response to the foot of the mountain and a climb, averaged: police and fire 25, medical 30, volunteers 15 km/h. */
    public static EtaModel defaults() {
        return new EtaModel(Map.of(
                TeamRole.COMMAND, 30.0,
                TeamRole.POLICE, 25.0,
                TeamRole.FIRE, 25.0,
                TeamRole.MEDICAL, 30.0,
                TeamRole.VOLUNTEER, 15.0), 20.0);
    }

    public double speedKmh(TeamRole role) {
        return kmh.getOrDefault(role, defaultKmh);
    }

    public Duration eta(TeamRole role, double distanceM) {
        return Duration.ofSeconds(Math.round(distanceM / (speedKmh(role) / 3.6)));
    }
}
