package cn.jinhua.risk.geo.model;

/** Which public-safety job a feature belongs to. */
public enum Scenario {
    LOST_PERSON,
    WASTEWATER
}
