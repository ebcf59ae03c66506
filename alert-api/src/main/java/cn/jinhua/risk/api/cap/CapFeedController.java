package cn.jinhua.risk.api.cap;

import cn.jinhua.risk.api.alert.Alert;
import cn.jinhua.risk.api.alert.AlertListCommand;
import cn.jinhua.risk.api.alert.AlertPage;
import cn.jinhua.risk.api.alert.AlertService;
import cn.jinhua.risk.api.alert.AlertView;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.world.LiveWorld;
import cn.jinhua.risk.contract.IsoTimes;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The environmental bureau's feed in the form public warning systems exchange: OASIS CAP 1.2
 * alerts in an Atom feed, and single alerts as CAP documents. Same visibility rules as the JSON
 * alert queries.
 */
@Controller("/api/feeds")
@ExecuteOn(TaskExecutors.BLOCKING)
final class CapFeedController {
    static final String ATOM = "application/atom+xml";
    static final String CAP = "application/cap+xml";

    private final AlertService alerts;
    private final CapAlertWriter cap;
    private final CapAtomFeedWriter atom;
    private final Clock clock;

    CapFeedController(AlertService alerts, LiveWorld world, Clock clock, @Value("${risk.cap.web-base:}") String webBase) {
        this.alerts = alerts;
        this.clock = clock;
        this.cap = new CapAlertWriter(CapSettings.wuyiBureau(webBase), world);
        this.atom = new CapAtomFeedWriter(cap);
    }

    @Get(uri = "/wastewater.atom", produces = ATOM)
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
    @Operation(summary = "WASTEWATER alerts as CAP 1.2 in an Atom feed, newest first")
    String wastewater(@Nullable @QueryValue @Parameter(description = "eventTime ≥ since", schema = @Schema(type = "string", format = "date-time", example = "2026-12-29T16:05:00+08:00")) String since,
                      @Nullable @QueryValue @Parameter(description = "entries at most",
                              schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "500",
                                      defaultValue = "100")) String size,
                      HttpRequest<?> request, Authentication auth) {
        AlertPage page = alerts.search(new AlertListCommand("WASTEWATER", null, null, null, since, null, null, null,
                null, size == null ? "100" : size, null, null, null), Caller.of(auth));
        List<Alert> items = page.items().stream().map(AlertView::alert).toList();
        Instant updated = items.isEmpty() ? clock.instant() : IsoTimes.parseInstant(items.get(0).detectedAt());
        return atom.write("urn:cn.jinhua.risk:feed:wastewater", "武义电镀园区废水风险预警 / Wuyi plating park wastewater alerts",
                request.getUri().toString(), updated, items);
    }

    @Get(uri = "/alerts/{id}.cap", produces = CAP)
    @Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.ADMIN})
    @Operation(summary = "One alert as a CAP 1.2 document")
    String one(@PathVariable String id, Authentication auth) {
        Alert a = alerts.get(id, Caller.of(auth)).alert();
        if (a.shadow()) {
            throw ApiException.notFound("alert " + id + " was raised by a shadow version of " + a.ruleId()
                    + ": shadow alerts are not published as CAP");
        }
        return cap.toXml(a);
    }
}
