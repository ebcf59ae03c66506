package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.LineString;

/**
 * An interconnection between two emergency pools.
 *
 * @param maxFlowM3h the most the pipe carries, m³/h
 * @param bidirectional whether it may also carry from {@code toTank} to {@code fromTank}
 */
public record Pipe(String id, Scenario scenario, String name, String nameZh, LineString geometry,
                   String fromTank, String toTank, double maxFlowM3h, boolean bidirectional)
        implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.PIPE;
    }

    /** Whether the pipe can carry water from {@code a} to {@code b}. */
    public boolean carries(String a, String b) {
        return (fromTank.equals(a) && toTank.equals(b)) || (bidirectional && fromTank.equals(b) && toTank.equals(a));
    }

    /** The tank at the other end from {@code tankId}. */
    public String otherEnd(String tankId) {
        return fromTank.equals(tankId) ? toTank : fromTank;
    }
}
