package cn.jinhua.risk.api.team;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;

/** Teams and their positions. */
@Controller("/api/teams")
@ExecuteOn(TaskExecutors.BLOCKING)
final class TeamController {
    private final TeamService service;

    TeamController(TeamService service) {
        this.service = service;
    }

    @Get
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.FIELD_TEAM, Roles.ADMIN})
    @Operation(summary = "Teams visible to the caller with their last reported positions")
    List<TeamView> list(Authentication auth) {
        return service.list(Caller.of(auth));
    }

    @Post("/{id}/location")
    @Secured(Roles.FIELD_TEAM)
    @Operation(summary = "A field team reports its own position")
    TeamView report(@PathVariable String id, @Body LocationCommand command, Authentication auth) {
        return service.report(id, command, Caller.of(auth));
    }
}
