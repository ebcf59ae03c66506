package cn.jinhua.risk.geo.pool;

import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Tank;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans how an over-filling pool's inflow spreads to interconnected pools (containment tier 1).
 *
 * <p>A maximum-flow problem on a layered graph: the source pool feeds its 1-hop neighbours through
 * pipes (capacity {@code maxFlowM3h}), each of which may keep water or pass it on to 2-hop
 * neighbours; each receiving pool can take at most its spare volume below the fill ceiling divided
 * by the horizon (so it can keep taking that rate for the whole horizon). Paths are never longer
 * than two pipes; pipes between two pools of the same layer are not used, since a path through
 * them would be a detour. Edmonds–Karp augments shortest paths first, so nearer pools are used
 * before farther ones. A pool whose level is unknown counts as having no spare volume, but can
 * still pass water on.
 *
 * <p>Thread-safe and immutable.
 */
public final class InterconnectTransferPlanner {
    private static final double EPS = 1e-9;

    private final PoolNetwork network;
    private final double fillCeilingOffsetPct;

    /**
     * @param network the pools and pipes
     * @param fillCeilingOffsetPct receiving pools are filled up to their {@code highHighPct} minus
     *     this many percentage points (0 = fill to the high-high alarm)
     */
    public InterconnectTransferPlanner(PoolNetwork network, double fillCeilingOffsetPct) {
        this.network = network;
        this.fillCeilingOffsetPct = fillCeilingOffsetPct;
    }

    public InterconnectTransferPlanner(PoolNetwork network) {
        this(network, 0.0);
    }

    /**
     * @param sourceTankId the over-filling pool
     * @param inflowM3h inflow to divert, m³/h (≥ 0)
     * @param levelsM current level in metres of the other pools; a missing pool has no spare volume
     * @param horizon how long the receivers must keep taking the inflow (e.g. 2 h)
     */
    public TransferPlan plan(String sourceTankId, double inflowM3h, Map<String, Double> levelsM, Duration horizon) {
        if (network.tank(sourceTankId).isEmpty()) {
            throw new IllegalArgumentException("unknown tank \"" + sourceTankId + "\"");
        }
        if (!(inflowM3h >= 0) || Double.isInfinite(inflowM3h)) {
            throw new IllegalArgumentException("inflow must be a finite number ≥ 0, got " + inflowM3h);
        }
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("horizon must be positive, got " + horizon);
        }
        double hours = horizon.toMillis() / 3_600_000.0;

        // Layers: 0 = source, 1 = one pipe away, 2 = two pipes away.
        Map<String, Integer> hop = new LinkedHashMap<>();
        hop.put(sourceTankId, 0);
        for (String n : network.downstreamNeighbours(sourceTankId)) {
            hop.putIfAbsent(n, 1);
        }
        for (String n1 : List.copyOf(hop.keySet())) {
            if (hop.get(n1) == 1) {
                for (String n2 : network.downstreamNeighbours(n1)) {
                    hop.putIfAbsent(n2, 2);
                }
            }
        }
        List<String> nodes = new ArrayList<>(hop.keySet());
        int n = nodes.size();
        int source = 0;
        int sink = n;
        int size = n + 1;
        double[][] cap = new double[size][size];
        String[][] pipeOf = new String[size][size];
        double[] spare = new double[n];

        for (int i = 0; i < n; i++) {
            String from = nodes.get(i);
            for (Pipe p : network.pipesAt(from)) {
                String to = p.otherEnd(from);
                Integer hf = hop.get(from);
                Integer ht = hop.get(to);
                if (ht == null || ht != hf + 1 || !p.carries(from, to)) {
                    continue;
                }
                int j = nodes.indexOf(to);
                // Two parallel pipes between the same pools add up.
                cap[i][j] += p.maxFlowM3h();
                pipeOf[i][j] = pipeOf[i][j] == null ? p.id() : pipeOf[i][j] + "+" + p.id();
            }
            if (i != source) {
                Tank t = network.tank(from).orElseThrow();
                Double level = levelsM.get(from);
                spare[i] = level == null || !Double.isFinite(level) ? 0.0
                        : t.spareM3(level, t.highHighPct() - fillCeilingOffsetPct);
                cap[i][sink] = spare[i] / hours;
            }
        }

        double[][] flow = new double[size][size];
        double total = 0;
        int[] parent = new int[size];
        while (total < inflowM3h - EPS) {
            Arrays.fill(parent, -1);
            parent[source] = source;
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(source);
            while (!queue.isEmpty() && parent[sink] < 0) {
                int u = queue.poll();
                for (int v = 0; v < size; v++) {
                    if (parent[v] < 0 && cap[u][v] - flow[u][v] > EPS) {
                        parent[v] = u;
                        queue.add(v);
                    }
                }
            }
            if (parent[sink] < 0) {
                break;
            }
            double push = inflowM3h - total;
            for (int v = sink; v != source; v = parent[v]) {
                push = Math.min(push, cap[parent[v]][v] - flow[parent[v]][v]);
            }
            for (int v = sink; v != source; v = parent[v]) {
                flow[parent[v]][v] += push;
                flow[v][parent[v]] -= push;
            }
            total += push;
        }

        List<TransferPlan.TankIntake> intakes = new ArrayList<>();
        List<TransferPlan.PipeFlow> pipes = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            if (flow[i][sink] > EPS) {
                intakes.add(new TransferPlan.TankIntake(nodes.get(i), hop.get(nodes.get(i)), flow[i][sink], spare[i]));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (pipeOf[i][j] != null && flow[i][j] > EPS) {
                    pipes.add(new TransferPlan.PipeFlow(pipeOf[i][j], nodes.get(i), nodes.get(j), flow[i][j]));
                }
            }
        }
        intakes.sort(Comparator.comparingInt(TransferPlan.TankIntake::hops)
                .thenComparing(Comparator.comparingDouble(TransferPlan.TankIntake::rateM3h).reversed()));
        return new TransferPlan(sourceTankId, inflowM3h, horizon, intakes, pipes, total, Math.max(0, inflowM3h - total));
    }
}
