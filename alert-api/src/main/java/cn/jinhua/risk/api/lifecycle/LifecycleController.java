package cn.jinhua.risk.api.lifecycle;

import cn.jinhua.risk.api.incident.IncidentView;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;

/** Dispatch and lifecycle changes of incidents. */
@Controller("/api/incidents/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
final class LifecycleController {
    private final LifecycleService service;

    LifecycleController(LifecycleService service) {
        this.service = service;
    }

    @Post("/dispatch")
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU})
    @Operation(summary = "Dispatch teams to an incident (already dispatched teams are left as they are)")
    IncidentView dispatch(@PathVariable String id, @Body DispatchCommand command, Authentication auth) {
        return service.dispatch(id, command, Caller.of(auth));
    }

    @Post("/status")
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU})
    @Operation(summary = "Move the incident forward or close it (RESOLVED, FALSE_ALARM)")
    IncidentView status(@PathVariable String id, @Body StatusCommand command, Authentication auth) {
        return service.incidentStatus(id, command, Caller.of(auth));
    }

    @Post("/seen")
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU})
    @Operation(summary = "An operator acknowledges the incident's alerts so far (who and when go on the timeline)")
    IncidentView seen(@PathVariable String id, @Nullable @Body SeenCommand command, Authentication auth) {
        return service.seen(id, command, Caller.of(auth));
    }

    @Post("/dispatches/{teamId}/status")
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.FIELD_TEAM})
    @Operation(summary = "A team's progress on its dispatch: ACKNOWLEDGED, EN_ROUTE, ON_SCENE, RESOLVED, FALSE_ALARM")
    IncidentView dispatchStatus(@PathVariable String id, @PathVariable String teamId, @Body StatusCommand command,
                                Authentication auth) {
        return service.dispatchStatus(id, teamId, command, Caller.of(auth));
    }
}
