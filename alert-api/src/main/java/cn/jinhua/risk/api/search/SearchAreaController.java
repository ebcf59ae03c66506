package cn.jinhua.risk.api.search;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;

/** The search area of a lost-person incident as of now. */
@Controller("/api/incidents/{id}/search-area")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.COMMAND, Roles.FIELD_TEAM, Roles.ADMIN})
final class SearchAreaController {
    private final SearchAreaService service;

    SearchAreaController(SearchAreaService service) {
        this.service = service;
    }

    @Get
    @Operation(summary = "Search rings around the incident's last known position, grown with the time since it (widened by its uncertainty)")
    SearchAreaView current(@PathVariable String id, Authentication auth) {
        return service.current(id, Caller.of(auth));
    }
}
