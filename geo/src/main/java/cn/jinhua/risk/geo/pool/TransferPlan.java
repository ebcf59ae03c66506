package cn.jinhua.risk.geo.pool;

import java.time.Duration;
import java.util.List;

/**
 * Where an over-filling pool's inflow can go. Rates are m³/h sustained over {@code horizon};
 * volumes m³.
 *
 * @param sourceTankId the over-filling pool
 * @param inflowM3h the inflow to divert
 * @param horizon how long the receiving pools must be able to keep taking their rate
 * @param intakes what each receiving pool takes, nearest (fewest hops) first
 * @param pipeFlows the flow through each pipe used, in the direction it flows
 * @param absorbedM3h total rate the network takes
 * @param shortfallM3h inflow the network cannot take (0 when it can take it all)
 */
public record TransferPlan(String sourceTankId, double inflowM3h, Duration horizon,
                           List<TankIntake> intakes, List<PipeFlow> pipeFlows,
                           double absorbedM3h, double shortfallM3h) {
    private static final double EPSILON_M3H = 1e-6;

    public TransferPlan {
        intakes = List.copyOf(intakes);
        pipeFlows = List.copyOf(pipeFlows);
    }

    /** Whether the network absorbs the whole inflow for the whole horizon. */
    public boolean sufficient() {
        return shortfallM3h <= EPSILON_M3H;
    }

    /** The volume that has nowhere to go over the horizon, m³. */
    public double shortfallM3() {
        return shortfallM3h * horizon.toSeconds() / 3600.0;
    }

    /**
     * A pool that takes part of the inflow.
     *
     * @param hops pipes between the source and this pool (1 or 2)
     * @param rateM3h what it takes, m³/h
     * @param spareM3 the room it had below the fill ceiling, m³
     */
    public record TankIntake(String tankId, int hops, double rateM3h, double spareM3) {
    }

    /** Flow through one pipe, from one tank to another, m³/h. */
    public record PipeFlow(String pipeId, String fromTankId, String toTankId, double rateM3h) {
    }
}
