package cn.jinhua.risk.geo.model;

/** Where a water-quality station sits relative to the plating park on the creek. */
public enum StationPosition {
    UPSTREAM, DOWNSTREAM
}
