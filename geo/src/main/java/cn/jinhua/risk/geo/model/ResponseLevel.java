package cn.jinhua.risk.geo.model;

import java.util.Optional;

/**
 * Wastewater response levels, lowest first: enterprise, park, township, county. The order of the
 * constants is the escalation order.
 */
public enum ResponseLevel {
    ENTERPRISE, PARK, TOWNSHIP, COUNTY;

    /** The level above this one, or empty at COUNTY. */
    public Optional<ResponseLevel> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** Whether this level is at or below {@code other}. */
    public boolean atOrBelow(ResponseLevel other) {
        return compareTo(other) <= 0;
    }

    /** The higher of two levels. */
    public static ResponseLevel max(ResponseLevel a, ResponseLevel b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
