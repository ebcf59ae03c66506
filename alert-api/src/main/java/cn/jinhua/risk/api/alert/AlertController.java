package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.query.Params;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

/** Alerts: ingestion by the detection job, queries by people. */
@Controller("/api/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AlertController {
    private final AlertService service;
    private final IngestMeters meters;

    AlertController(AlertService service, IngestMeters meters) {
        this.service = service;
        this.meters = meters;
    }

    /**
     * One alert ({@code docs/alerts.md} "Fields") or an array of them; idempotent by id. The raw body is read so every
     * refusal names its field, and as bytes: decoding a large batch into a String first cost more
     * than parsing it.
     */
    @Post
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Secured(Roles.INGEST)
    @Operation(summary = "Ingest one alert or a batch (JSON array); the same id twice is stored once")
    IngestView ingest(@Body byte[] body) {
        return meters.measure(() -> service.ingest(body));
    }

    @Get
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
    @Operation(summary = "Search alerts, newest first unless sort says otherwise")
    AlertPage list(@Nullable @QueryValue @Parameter(schema = @Schema(type = "string", allowableValues = {"LOST_PERSON", "WASTEWATER"})) String scenario,
                   @Nullable @QueryValue @Parameter(description = "a rule id") String ruleId,
                   @Nullable @QueryValue @Parameter(description = "exactly this severity",
                           schema = @Schema(type = "string", allowableValues = {"LOW", "MEDIUM", "HIGH", "CRITICAL"})) String severity,
                   @Nullable @QueryValue @Parameter(description = "the status of the alert's incident",
                           schema = @Schema(type = "string", allowableValues = {"NEW", "DISPATCHED", "ACKNOWLEDGED", "EN_ROUTE", "ON_SCENE", "RESOLVED", "FALSE_ALARM"})) String status,
                   @Nullable @QueryValue @Parameter(description = "eventTime ≥ since", schema = @Schema(type = "string", format = "date-time", example = "2026-12-29T16:05:00+08:00")) String since,
                   @Nullable @QueryValue @Parameter(description = "eventTime < until", schema = @Schema(type = "string", format = "date-time", example = "2026-12-29T16:05:00+08:00")) String until,
                   @Nullable @QueryValue @Parameter(description = "lat,lon,radiusM: within radiusM metres (0 < radiusM ≤ 1,000,000)",
                           schema = @Schema(type = "string", pattern = Params.NEAR_PATTERN, example = "29.05,119.82,5000")) String near,
                   @Nullable @QueryValue @Parameter(description = "full text over titles and evidence (Chinese too)",
                           schema = @Schema(type = "string", maxLength = 200)) String q,
                   @Nullable @QueryValue @Parameter(description = "offset of the first item (from + size ≤ 10,000); not with page", schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "9999", defaultValue = "0")) String from,
                   @Nullable @QueryValue @Parameter(description = "items per page", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "500", defaultValue = "50")) String size,
                   @Nullable @QueryValue @Parameter(description = "page number, 1-based, with size; not with from", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "10000")) String page,
                   @Nullable @QueryValue @Parameter(description = "field to sort by, ascending; -field for descending",
                           schema = @Schema(type = "string", allowableValues = {"eventTime", "-eventTime", "severity", "-severity", "ruleId", "-ruleId", "scenario", "-scenario", "subjectId", "-subjectId"}, defaultValue = "-eventTime")) String sort,
                   @Nullable @QueryValue @Parameter(description = "true: only the alerts of shadow rule versions (never dispatched); false: only the others",
                           schema = @Schema(type = "boolean", defaultValue = "false")) String shadow,
                   Authentication auth) {
        return service.search(new AlertListCommand(scenario, ruleId, severity, status, since, until, near, q, from, size, page, sort, shadow),
                Caller.of(auth));
    }

    @Get("/{id}")
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
    @Operation(summary = "One alert")
    AlertView get(@PathVariable String id, Authentication auth) {
        return service.get(id, Caller.of(auth));
    }
}
