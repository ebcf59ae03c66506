package cn.jinhua.risk.api.alert;

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

/** Alerts: ingestion by the detection job, queries by people. */
@Controller("/api/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AlertController {
    private final AlertService service;

    AlertController(AlertService service) {
        this.service = service;
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
        return service.ingest(body);
    }

    @Get
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
    @Operation(summary = "Search alerts, newest first unless sort says otherwise")
    AlertPage list(@Nullable @QueryValue String scenario, @Nullable @QueryValue String ruleId,
                   @Nullable @QueryValue String severity, @Nullable @QueryValue String status,
                   @Nullable @QueryValue String since, @Nullable @QueryValue String until,
                   @Nullable @QueryValue @Parameter(description = "lat,lon,radiusM") String near,
                   @Nullable @QueryValue @Parameter(description = "full text over titles and evidence (Chinese too)") String q,
                   @Nullable @QueryValue String from, @Nullable @QueryValue String size,
                   @Nullable @QueryValue String page,
                   @Nullable @QueryValue @Parameter(description = "eventTime, severity, ruleId, scenario or subjectId; -field for descending") String sort,
                   Authentication auth) {
        return service.search(new AlertListCommand(scenario, ruleId, severity, status, since, until, near, q, from, size, page, sort),
                Caller.of(auth));
    }

    @Get("/{id}")
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
    @Operation(summary = "One alert")
    AlertView get(@PathVariable String id, Authentication auth) {
        return service.get(id, Caller.of(auth));
    }
}
