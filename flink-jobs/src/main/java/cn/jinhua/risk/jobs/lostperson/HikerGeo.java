package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.index.AreaDistance;
import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.index.TrailMatch;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Zone;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;

/**
 * Geofence enrichment for the lost-person rules: on-the-mountain (inside or within a buffer of a
 * MOUNTAIN_AREA), coverage gaps and trail distance. A precomputed envelope around all mountain
 * areas answers the common "nowhere near a mountain" case without touching the spatial index.
 * Coordinates lon/lat WGS84, distances metres. Thread-safe (reads an immutable world).
 */
public final class HikerGeo {
    private final World world;
    private final SpatialIndex index;
    private final HikerRuleParams params;
    private final Envelope nearMountains;
    private final Envelope gaps = new Envelope();
    private final int worldStamp;

    /** Over the world the job started with. */
    public HikerGeo(World world, HikerRuleParams params) {
        this(world, params, 0);
    }

    /**
     * @param worldStamp identifies the world among the live ones ({@code LiveRules#worldStampAt}), 0 for the
     *     world the job started with
     */
    public HikerGeo(World world, HikerRuleParams params, int worldStamp) {
        this.world = world;
        this.worldStamp = worldStamp;
        this.index = world.index();
        this.params = params;
        Envelope env = new Envelope();
        for (Zone z : mountains()) {
            env.expandToInclude(z.geometry().getEnvelopeInternal());
        }
        if (!env.isNull()) {
            double reachM = params.areaBufferM() + params.distressCall().callAccuracyCapM() + 1_000;
            double maxAbsLat = Math.min(89, Math.max(Math.abs(env.getMinY()), Math.abs(env.getMaxY())));
            env.expandBy(reachM / (111_000 * Math.cos(Math.toRadians(maxAbsLat))), reachM / 110_000);
        }
        this.nearMountains = env;
        for (Zone z : world.all(Zone.class)) {
            if (z.type() == FeatureType.COVERAGE_GAP) {
                gaps.expandToInclude(z.geometry().getEnvelopeInternal());
            }
        }
    }

    public World world() {
        return world;
    }

    /** Which world this is: a trail margin found in another world does not hold in this one. */
    public int worldStamp() {
        return worldStamp;
    }

    /**
     * What an {@link #offTrailMarginM} answer depends on beyond the position: the world and the
     * margin parameter, both changed live. A device's remembered answer counts only under the same stamp.
     */
    public int trailStamp() {
        return 31 * worldStamp + Double.hashCode(params.offTrailStationary().offTrailMarginM());
    }

    private List<Zone> mountains() {
        return world.all(Zone.class).stream().filter(z -> z.type() == FeatureType.MOUNTAIN_AREA).toList();
    }

    /** The nearest MOUNTAIN_AREA within the buffer plus {@code extraM}, if any. */
    public Optional<AreaDistance> mountainNear(double lon, double lat, double extraM) {
        if (nearMountains.isNull() || !nearMountains.contains(lon, lat)) {
            return Optional.empty();
        }
        List<AreaDistance> hits = index.areasWithin(lon, lat, params.areaBufferM() + extraM, FeatureType.MOUNTAIN_AREA);
        return hits.isEmpty() ? Optional.empty() : Optional.of(hits.get(0));
    }

    /** Inside or within the buffer of a MOUNTAIN_AREA. */
    public boolean onMountain(double lon, double lat) {
        return mountainNear(lon, lat, 0).isPresent();
    }

    /** The MOUNTAIN_AREA nearest to the point (to clip search areas and name the place). */
    public Optional<Zone> nearestMountain(double lon, double lat) {
        Zone best = null;
        double bestD = Double.MAX_VALUE;
        for (Zone z : mountains()) {
            double d = SpatialIndex.distanceToAreaM(lon, lat, z.geometry());
            if (d < bestD) {
                bestD = d;
                best = z;
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean inCoverageGap(double lon, double lat) {
        return !gaps.isNull() && gaps.contains(lon, lat) && index.inCoverageGap(lon, lat);
    }

    public Optional<TrailMatch> nearestTrail(double lon, double lat) {
        return index.nearestTrail(lon, lat);
    }

    /**
     * Signed margin to the off-trail threshold in metres: positive = off trail by that much,
     * negative = on (or near) a trail. A device that has moved d metres since a margin m was
     * computed is still on the same side when |m| > d, which spares the trail search.
     */
    public double offTrailMarginM(double lon, double lat) {
        Optional<TrailMatch> m = index.nearestTrail(lon, lat);
        if (m.isEmpty()) {
            return Double.MAX_VALUE;
        }
        return m.get().distanceM() - (m.get().trail().corridorM() + params.offTrailStationary().offTrailMarginM());
    }

    public List<String> zoneIdsAt(double lon, double lat) {
        return index.areaIdsAt(lon, lat);
    }
}
