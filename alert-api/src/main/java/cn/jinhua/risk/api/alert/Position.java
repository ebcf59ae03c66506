package cn.jinhua.risk.api.alert;

import io.micronaut.serde.annotation.Serdeable;

/** A WGS84 position in degrees ({@code {"lat", "lon"}}); stored as an Elasticsearch geo_point. */
@Serdeable
public record Position(double lat, double lon) {
}
