package cn.jinhua.risk.geo.search;

import java.util.List;

/**
 * Search-area parameters.
 *
 * @param percentiles share of lost hikers found within each ring, ascending (e.g. 25, 50, 75, 95)
 * @param radiiKm ring radii in km, ascending, one per percentile (Koester, Lost Person Behavior,
 *     hikers in mountains: 1.1, 3.1, 5.8, 18.3)
 * @param walkingSpeedKmh cap: a ring is never larger than elapsed time × this speed
 * @param minRadiusM floor of a capped ring, so a fresh last-known position still has an area
 * @param circleSegments segments per quarter circle when drawing rings
 */
public record SearchAreaConfig(List<Double> percentiles, List<Double> radiiKm, double walkingSpeedKmh,
                               double minRadiusM, int circleSegments) {
    public SearchAreaConfig {
        percentiles = List.copyOf(percentiles);
        radiiKm = List.copyOf(radiiKm);
        if (percentiles.size() != radiiKm.size() || percentiles.isEmpty()) {
            throw new IllegalArgumentException("percentiles and radiiKm need the same, non-zero, number of entries");
        }
        for (int i = 0; i < radiiKm.size(); i++) {
            if (!(radiiKm.get(i) > 0) || i > 0 && radiiKm.get(i) < radiiKm.get(i - 1)) {
                throw new IllegalArgumentException("radiiKm must be positive and ascending: " + radiiKm);
            }
            if (!(percentiles.get(i) > 0 && percentiles.get(i) <= 100) || i > 0 && percentiles.get(i) <= percentiles.get(i - 1)) {
                throw new IllegalArgumentException("percentiles must be in (0, 100] and ascending: " + percentiles);
            }
        }
        if (!(walkingSpeedKmh > 0) || !(minRadiusM >= 0) || circleSegments < 2) {
            throw new IllegalArgumentException("walkingSpeedKmh > 0, minRadiusM ≥ 0 and circleSegments ≥ 2 required");
        }
    }

    /** Koester's hiker-in-mountains distances, 1.5 km/h cap, 100 m floor. */
    public static SearchAreaConfig koesterMountainHiker() {
        return new SearchAreaConfig(List.of(25.0, 50.0, 75.0, 95.0), List.of(1.1, 3.1, 5.8, 18.3), 1.5, 100.0, 16);
    }

    /**
     * Koester's hiker rings with other radii and walking speed (the job's {@code hiker.searchRadiiKm}
     * and {@code hiker.searchWalkingKmh}, which the API must draw the same): four radii keep
     * Koester's 25/50/75/95 %, another number of radii gets percentiles evenly up to 95 %.
     *
     * @throws IllegalArgumentException when the radii are not positive and ascending or the speed not positive
     */
    public static SearchAreaConfig hiker(List<Double> radiiKm, double walkingSpeedKmh) {
        SearchAreaConfig k = koesterMountainHiker();
        List<Double> percentiles = radiiKm.size() == k.percentiles().size() ? k.percentiles() : evenPercentiles(radiiKm.size());
        return new SearchAreaConfig(percentiles, radiiKm, walkingSpeedKmh, k.minRadiusM(), k.circleSegments());
    }

    private static List<Double> evenPercentiles(int n) {
        List<Double> p = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            p.add(Math.min(100.0, Math.round(95.0 * i / n * 10) / 10.0));
        }
        return p;
    }
}
