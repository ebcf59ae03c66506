package cn.jinhua.risk.api.rules;

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
 * The rules and their live changes. A change answers 202 with its record, PENDING until the job's
 * verdict comes back (then ACCEPTED or REFUSED with the reason): read it again by its change id.
 */
@Controller("/api/rules")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
class RuleController {
    private final RuleService service;

    RuleController(RuleService service) {
        this.service = service;
    }

    @Get
    @Operation(summary = "Every rule you see, with its parameters (units, bounds, defaults, values), version, on/off, shadow and newest changes")
    List<RuleView> list(Authentication auth) {
        return service.list(Caller.of(auth));
    }

    @Get("/{id}")
    @Operation(summary = "One rule as it runs now")
    RuleView get(@PathVariable String id, Authentication auth) {
        return service.get(id, Caller.of(auth));
    }

    @Get("/changes/{changeId}")
    @Operation(summary = "One rule change and the job's verdict on it")
    ChangeView change(@PathVariable String changeId, Authentication auth) {
        return service.change(changeId, Caller.of(auth));
    }

    @Post("/{id}/parameters")
    @Operation(summary = "Change parameters within their bounds (a value out of bounds is a 400 naming the parameter)")
    HttpResponse<ChangeView> parameters(@PathVariable String id, @Valid @Body RuleCommands.Parameters body, Authentication auth) {
        return HttpResponse.accepted().body(service.setParameters(id, body.parameters(), Caller.of(auth)));
    }

    @Post("/{id}/enabled")
    @Operation(summary = "Turn the rule on or off")
    HttpResponse<ChangeView> enabled(@PathVariable String id, @Valid @Body RuleCommands.Enabled body, Authentication auth) {
        return HttpResponse.accepted().body(service.setEnabled(id, body.enabled(), Caller.of(auth)));
    }

    @Post("/{id}/epl")
    @Operation(summary = "Replace the rule's EPL module (the job compiles it and refuses it with the reason if it does not)")
    HttpResponse<ChangeView> epl(@PathVariable String id, @Valid @Body RuleCommands.Epl body, Authentication auth) {
        return HttpResponse.accepted().body(service.setEpl(id, body.epl(), Caller.of(auth)));
    }

    @Post("/{id}/shadow")
    @Operation(summary = "Start a shadow version (parameters and/or EPL) beside the live one; its alerts reach no one")
    HttpResponse<ChangeView> startShadow(@PathVariable String id, @Valid @Body RuleCommands.Shadow body, Authentication auth) {
        return HttpResponse.accepted().body(service.startShadow(id, body.parameters(), body.epl(), Caller.of(auth)));
    }

    @Post("/{id}/shadow/promote")
    @Operation(summary = "Make the shadow version the live one")
    HttpResponse<ChangeView> promote(@PathVariable String id, Authentication auth) {
        return HttpResponse.accepted().body(service.promoteShadow(id, Caller.of(auth)));
    }

    @Delete("/{id}/shadow")
    @Operation(summary = "Stop the shadow version")
    HttpResponse<ChangeView> stopShadow(@PathVariable String id, Authentication auth) {
        return HttpResponse.accepted().body(service.stopShadow(id, Caller.of(auth)));
    }
}
