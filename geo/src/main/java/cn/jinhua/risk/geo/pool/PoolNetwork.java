package cn.jinhua.risk.geo.pool;

import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Tank;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The emergency pools (tanks) and the pipes between them (containment tier 1). Answers which
 * pools connect to which, and through which pipes; transfer plans come from
 * {@link InterconnectTransferPlanner}. Immutable and thread-safe.
 */
public final class PoolNetwork {
    private final Map<String, Tank> tanks = new LinkedHashMap<>();
    private final Map<String, List<Pipe>> pipesAt = new LinkedHashMap<>();
    private final Map<String, Tank> byLevelSensor = new LinkedHashMap<>();

    /** @throws IllegalArgumentException when a pipe joins a tank that is not among {@code tanks} */
    public PoolNetwork(List<Tank> tanks, List<Pipe> pipes) {
        for (Tank t : tanks) {
            this.tanks.put(t.id(), t);
            this.pipesAt.put(t.id(), new ArrayList<>());
            this.byLevelSensor.put(t.levelSensor(), t);
        }
        for (Pipe p : pipes) {
            if (!this.tanks.containsKey(p.fromTank()) || !this.tanks.containsKey(p.toTank())) {
                throw new IllegalArgumentException("pipe " + p.id() + " joins a tank that is not in the network");
            }
            pipesAt.get(p.fromTank()).add(p);
            pipesAt.get(p.toTank()).add(p);
        }
        pipesAt.replaceAll((k, v) -> List.copyOf(v));
    }

    public Optional<Tank> tank(String id) {
        return Optional.ofNullable(tanks.get(id));
    }

    /** The tank a TANK_LEVEL sensor measures. */
    public Optional<Tank> tankWithLevelSensor(String sensorId) {
        return Optional.ofNullable(byLevelSensor.get(sensorId));
    }

    public List<Tank> tanks() {
        return List.copyOf(tanks.values());
    }

    /** Pipes with an end at this tank (either direction). */
    public List<Pipe> pipesAt(String tankId) {
        return pipesAt.getOrDefault(tankId, List.of());
    }

    /** Tanks that can receive water from {@code tankId} through one pipe. */
    public Set<String> downstreamNeighbours(String tankId) {
        Set<String> out = new LinkedHashSet<>();
        for (Pipe p : pipesAt(tankId)) {
            String other = p.otherEnd(tankId);
            if (p.carries(tankId, other)) {
                out.add(other);
            }
        }
        return out;
    }
}
