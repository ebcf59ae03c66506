package cn.jinhua.risk.api.world;

import cn.jinhua.risk.api.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /api/world}: the world as the job runs it ({@link LiveWorld}: the world files with the
 * live changes it accepted, each until its expiry) as one GeoJSON FeatureCollection for the maps'
 * base layer, in the world files' format ({@code seeds/README.md}): a plant, pool or team put in
 * live is on it, a feature taken out live is not, a zone with an expiry leaves it when it expires.
 * What changed live is also listed, with its state, by {@code GET /api/zones}.
 *
 * <p>Written once per world ({@link LiveWorldGeoJson}). The answer carries an {@code ETag} of the
 * world and {@code Cache-Control: private, no-cache}: a screen asking again with
 * {@code If-None-Match} gets {@code 304} and no body while the world is the same.
 */
@Controller("/api/world")
@Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.FIELD_TEAM, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
final class WorldController {
    private static final String CACHE_CONTROL = "private, no-cache";
    private final LiveWorldGeoJson world;

    WorldController(LiveWorldGeoJson world) {
        this.world = world;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The live world as one GeoJSON FeatureCollection (the maps' base layer); 304 for an If-None-Match"
            + " of its ETag while it is the same")
    @ApiResponse(responseCode = "200", description = "GeoJSON FeatureCollection in the world files' format",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "304", description = "The world is the one of the If-None-Match tag")
    HttpResponse<byte[]> world(@Nullable @Header(HttpHeaders.IF_NONE_MATCH)
                               @Parameter(description = "the ETag of a world already held") String ifNoneMatch) {
        LiveWorldGeoJson.Written w = world.current();
        if (ifNoneMatch != null && matches(ifNoneMatch, w.etag())) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, w.etag()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        }
        return HttpResponse.ok(w.json()).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, w.etag()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    }

    /** If-None-Match's weak comparison (RFC 9110 13.1.2): any listed tag, weak or not, or {@code *}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
