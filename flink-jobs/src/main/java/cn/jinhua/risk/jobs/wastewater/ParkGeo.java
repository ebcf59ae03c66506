package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Sluice;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The places the wastewater rules reason about: which creek reach (tier-3 holding space) a point
 * belongs to, and which sluices close a reach off. Distances in metres. Thread-safe (reads an
 * immutable world).
 */
final class ParkGeo {
    private final World world;

    ParkGeo(World world) {
        this.world = world;
    }

    World world() {
        return world;
    }

    /** Whether the world has a creek reach at all. */
    boolean hasReaches() {
        return !world.all(CreekReservoir.class).isEmpty();
    }

    /** The creek reach nearest to a point (ties: smallest id), empty when the world has none. */
    static Optional<CreekReservoir> nearestReach(World world, double lon, double lat) {
        return world.all(CreekReservoir.class).stream()
                .min(Comparator.comparingDouble((CreekReservoir r) -> SpatialIndex.distanceToAreaM(lon, lat, r.geometry()))
                        .thenComparing(CreekReservoir::id));
    }

    /**
     * The creek reach nearest to a point.
     *
     * @throws IllegalStateException when the world has none (check {@link #hasReaches()})
     */
    CreekReservoir reachNear(double lon, double lat) {
        return nearestReach(world, lon, lat).orElseThrow(() -> new IllegalStateException("the world has no CREEK_RESERVOIR"));
    }

    /** The sluices that close off a creek reach: those nearer to it than to any other reach. */
    List<Sluice> sluicesOf(CreekReservoir reach) {
        return world.all(Sluice.class).stream()
                .filter(s -> reachNear(s.geometry().getX(), s.geometry().getY()).id().equals(reach.id()))
                .sorted(Comparator.comparing(Sluice::role).thenComparing(Sluice::id))
                .toList();
    }
}
