package cn.jinhua.risk.geo.model;

/** What a sensor measures, with the only unit it reports in. */
public enum SensorKind {
    TANK_LEVEL("M"),
    GATE_WATER_DEPTH("CM"),
    SLUICE_POSITION("PCT_OPEN"),
    CREEK_LEVEL("M"),
    RAINFALL("MM_PER_H"),
    CR6("MG_PER_L"),
    CU("MG_PER_L"),
    NI("MG_PER_L"),
    PH("PH");

    private final String unit;

    SensorKind(String unit) {
        this.unit = unit;
    }

    /** The unit this kind of sensor reports in, as written in the feed. */
    public String unit() {
        return unit;
    }

    /** Whether this is a water-quality parameter with creek limits. */
    public boolean isWaterQuality() {
        return this == CR6 || this == CU || this == NI || this == PH;
    }
}
