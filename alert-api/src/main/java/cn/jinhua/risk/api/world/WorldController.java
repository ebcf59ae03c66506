package cn.jinhua.risk.api.world;

import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import java.util.Map;

/**
 * {@code GET /api/world}: the world files as one GeoJSON FeatureCollection for the maps' base layer,
 * in their own format ({@code seeds/README.md}), written by geo's codec once at startup. What
 * changed live is drawn over it from {@code GET /api/zones}, with its state; the teams, sensors and
 * recommendations follow the live world ({@link LiveWorld}).
 */
@Controller("/api/world")
@Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.FIELD_TEAM, Roles.ADMIN})
final class WorldController {
    private final Map<String, Object> geoJson;

    WorldController(World world) {
        this.geoJson = WorldGeoJson.featureCollection(world);
    }

    @Get
    Map<String, Object> world() {
        return geoJson;
    }
}
