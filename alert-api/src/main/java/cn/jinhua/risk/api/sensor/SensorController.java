package cn.jinhua.risk.api.sensor;

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

/** Sensor readings for the charts. */
@Controller("/api/sensors")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
final class SensorController {
    private final SensorService service;

    SensorController(SensorService service) {
        this.service = service;
    }

    @Get("/{id}/readings")
    @Operation(summary = "A sensor's readings, from ≤ ts < to (at most 7 days; default the last 6 hours), oldest first")
    ReadingsView readings(@PathVariable String id,
                          @Nullable @QueryValue @Parameter(description = "ISO-8601 with offset; default to − 6 h") String from,
                          @Nullable @QueryValue @Parameter(description = "ISO-8601 with offset; default now") String to,
                          Authentication auth) {
        return service.readings(id, from, to, Caller.of(auth));
    }
}
