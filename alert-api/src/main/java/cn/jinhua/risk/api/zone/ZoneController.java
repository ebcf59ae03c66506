package cn.jinhua.risk.api.zone;

import cn.jinhua.risk.api.control.ChangeView;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.util.List;

/**
 * Zones drawn on the maps, changed live. A change answers 202 with its record, PENDING until the
 * job's verdict comes back.
 */
@Controller("/api/zones")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
class ZoneController {
    private final ZoneService service;

    ZoneController(ZoneService service) {
        this.service = service;
    }

    @Get
    @Operation(summary = "The zones changed live that you see, with their newest change and its verdict")
    List<ZoneView> list(Authentication auth) {
        return service.list(Caller.of(auth));
    }

    @Get("/changes/{changeId}")
    @Operation(summary = "One zone change and the job's verdict on it")
    ChangeView change(@PathVariable String changeId, Authentication auth) {
        return service.change(changeId, Caller.of(auth));
    }

    @Post
    @Operation(summary = "Draw a zone (GeoJSON geometry checked with the world loader's rules), with an optional expiry")
    HttpResponse<ChangeView> draw(@Valid @Body ZoneCommand body, Authentication auth) {
        return HttpResponse.accepted().body(service.draw(body, Caller.of(auth)));
    }

    @Post("/trails/{id}/closure")
    @Operation(summary = "Close a trail (it stays on the map; off-trail judges phones on it by the other trails), with an optional expiry")
    HttpResponse<ChangeView> closeTrail(@PathVariable String id, @Valid @Body TrailClosureCommand body, Authentication auth) {
        return HttpResponse.accepted().body(service.closeTrail(id, body, Caller.of(auth)));
    }

    @Delete("/{id}")
    @Operation(summary = "Delete a zone drawn live, or undo a live change of a world feature (reopen a trail)")
    HttpResponse<ChangeView> delete(@PathVariable String id, Authentication auth) {
        return HttpResponse.accepted().body(service.delete(id, Caller.of(auth)));
    }
}
