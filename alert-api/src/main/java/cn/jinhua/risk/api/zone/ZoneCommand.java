package cn.jinhua.risk.api.zone;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * {@code POST /api/zones}: a zone drawn on the map.
 *
 * @param kind the world feature type: MOUNTAIN_AREA, COVERAGE_GAP, HAZARD, TRAIL (lost persons) or
 *     INDUSTRIAL_PARK (the plating park)
 * @param geometry a GeoJSON geometry, WGS84 [longitude, latitude]: a Polygon, or a LineString for a TRAIL
 * @param expiresAt ISO-8601 time with offset after which the zone no longer counts; null: until deleted
 * @param corridorM a TRAIL's half-width in metres
 * @param hazard a HAZARD's kind: CLIFF or WATER
 */
@Serdeable
public record ZoneCommand(@NotBlank @Size(max = 40) String kind, @NotBlank @Size(max = 200) String name,
                          @Nullable @Size(max = 200) String nameZh, @NotNull Map<String, Object> geometry,
                          @Nullable @Size(max = 40) String expiresAt, @Nullable Double corridorM,
                          @Nullable @Size(max = 20) String hazard) {
}
