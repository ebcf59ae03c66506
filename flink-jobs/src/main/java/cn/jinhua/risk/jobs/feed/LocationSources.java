package cn.jinhua.risk.jobs.feed;

/**
 * The positioning sources a fix may name ({@code docs/feeds.md} "Topics and records": GPS, CELL,
 * WIFI) as shared constants, so that neither the parser nor the serializer keeps a fresh copy of
 * the same three words per fix (they end up in long-lived keyed state). Thread-safe (stateless).
 */
public final class LocationSources {
    public static final String GPS = "GPS";
    public static final String CELL = "CELL";
    public static final String WIFI = "WIFI";

    private LocationSources() {
    }

    public static boolean isKnown(String source) {
        return GPS.equals(source) || CELL.equals(source) || WIFI.equals(source);
    }

    /** The shared constant equal to {@code source}, or {@code source} itself when it is not one. */
    public static String canonical(String source) {
        if (GPS.equals(source)) {
            return GPS;
        }
        if (CELL.equals(source)) {
            return CELL;
        }
        return WIFI.equals(source) ? WIFI : source;
    }

    /** 1, 2, 3 for GPS, CELL, WIFI; 0 for null; -1 for anything else. */
    static int code(String source) {
        if (source == null) {
            return 0;
        }
        if (GPS.equals(source)) {
            return 1;
        }
        if (CELL.equals(source)) {
            return 2;
        }
        return WIFI.equals(source) ? 3 : -1;
    }

    static String ofCode(int code) {
        switch (code) {
            case 1:
                return GPS;
            case 2:
                return CELL;
            case 3:
                return WIFI;
            default:
                return null;
        }
    }
}
