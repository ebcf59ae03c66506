package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** Incidents: lists and detail (alerts, timeline, recommended teams). Changes are in the lifecycle package. */
@Controller("/api/incidents")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.FIELD_TEAM, Roles.ADMIN})
final class IncidentController {
    private final IncidentService service;

    IncidentController(IncidentService service) {
        this.service = service;
    }

    @Get
    @Operation(summary = "Incidents visible to the caller, most recently changed first unless sort says otherwise")
    IncidentPage list(@Nullable @QueryValue String scenario, @Nullable @QueryValue String status,
                      @Nullable @QueryValue String severity, @Nullable @QueryValue String open,
                      @Nullable @QueryValue String from, @Nullable @QueryValue String size,
                      @Nullable @QueryValue String page,
                      @Nullable @QueryValue @Parameter(description = "lastAlertAt ≥ since (ISO-8601 with offset)") String since,
                      @Nullable @QueryValue @Parameter(description = "lastAlertAt < until") String until,
                      @Nullable @QueryValue @Parameter(description = "lat,lon,radiusM around the incident's location") String near,
                      @Nullable @QueryValue @Parameter(description = "updatedAt, lastAlertAt, createdAt, severity or scenario;"
                              + " -field for descending") String sort,
                      Authentication auth) {
        return service.list(new IncidentListCommand(scenario, status, severity, open, from, size, page, since, until, near, sort),
                Caller.of(auth));
    }

    @Get("/{id}")
    @Operation(summary = "One incident with its alerts, timeline and recommended teams")
    IncidentView get(@PathVariable String id, Authentication auth) {
        return service.detail(id, Caller.of(auth));
    }
}
