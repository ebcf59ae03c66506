package cn.jinhua.risk.geo.model;

/** The two creek sluices: the upstream clean-water interception gate and the downstream sewage one. */
public enum SluiceRole {
    CLEAN_WATER_INTERCEPT, SEWAGE_INTERCEPT
}
