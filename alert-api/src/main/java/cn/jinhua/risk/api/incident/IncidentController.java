package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.query.Params;
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
import io.swagger.v3.oas.annotations.media.Schema;

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
    IncidentPage list(@Nullable @QueryValue @Parameter(schema = @Schema(type = "string", allowableValues = {"LOST_PERSON", "WASTEWATER"})) String scenario,
                      @Nullable @QueryValue @Parameter(schema = @Schema(type = "string", allowableValues = {"NEW", "DISPATCHED", "ACKNOWLEDGED", "EN_ROUTE", "ON_SCENE", "RESOLVED", "FALSE_ALARM"})) String status,
                      @Nullable @QueryValue @Parameter(description = "exactly this severity",
                              schema = @Schema(type = "string", allowableValues = {"LOW", "MEDIUM", "HIGH", "CRITICAL"})) String severity,
                      @Nullable @QueryValue @Parameter(description = "open (true) or closed (false) incidents only",
                              schema = @Schema(type = "boolean")) String open,
                      @Nullable @QueryValue @Parameter(description = "offset of the first item (from + size ≤ 10,000); not with page", schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "9999", defaultValue = "0")) String from,
                      @Nullable @QueryValue @Parameter(description = "items per page", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "500", defaultValue = "50")) String size,
                      @Nullable @QueryValue @Parameter(description = "page number, 1-based, with size; not with from", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "10000")) String page,
                      @Nullable @QueryValue @Parameter(description = "lastAlertAt ≥ since", schema = @Schema(type = "string", format = "date-time", example = "2026-12-29T16:05:00+08:00")) String since,
                      @Nullable @QueryValue @Parameter(description = "lastAlertAt < until", schema = @Schema(type = "string", format = "date-time", example = "2026-12-29T16:05:00+08:00")) String until,
                      @Nullable @QueryValue @Parameter(description = "lat,lon,radiusM around the incident's location"
                              + " (0 < radiusM ≤ 1,000,000)", schema = @Schema(type = "string", pattern = Params.NEAR_PATTERN, example = "29.05,119.82,5000")) String near,
                      @Nullable @QueryValue @Parameter(description = "field to sort by, ascending; -field for descending",
                              schema = @Schema(type = "string", allowableValues = {"updatedAt", "-updatedAt", "lastAlertAt", "-lastAlertAt", "createdAt", "-createdAt", "severity", "-severity", "scenario", "-scenario"}, defaultValue = "-updatedAt")) String sort,
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
