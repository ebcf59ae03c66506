package cn.jinhua.risk.api.device;

import cn.jinhua.risk.api.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** Tracked devices' last positions: the snapshot the command map starts from; {@code device} events on the stream follow. */
@Controller("/api/devices")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.COMMAND, Roles.ADMIN})
final class DeviceController {
    private final DeviceService service;

    DeviceController(DeviceService service) {
        this.service = service;
    }

    @Get
    @Operation(summary = "The last position of each tracked device, newest first")
    DevicePage latest(@Nullable @QueryValue @Parameter(description = "1–5000, default 1000") String size) {
        return service.latest(size);
    }
}
