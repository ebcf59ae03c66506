package cn.jinhua.risk.geo.model;

/** Kinds of mountain hazard areas. */
public enum HazardKind {
    CLIFF, WATER
}
