package cn.jinhua.risk.api.incident;

import io.micronaut.serde.annotation.Serdeable;

/** A WGS84 position in degrees; stored as an Elasticsearch geo_point. */
@Serdeable
public record GeoPoint(double lat, double lon) {
}
