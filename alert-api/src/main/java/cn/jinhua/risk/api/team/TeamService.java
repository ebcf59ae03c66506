package cn.jinhua.risk.api.team;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.live.EventDraft;
import cn.jinhua.risk.api.live.EventService;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.world.LiveWorld;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.Team;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Teams of the world with their last reported positions; field teams report their own position.
 * Thread-safe.
 */
@Singleton
public class TeamService {
    /** Reports from further ahead than this are refused: a phone clock that wrong would hide later real reports. */
    private static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    private final LiveWorld world;
    private final TeamPositionRepository positions;
    private final EventService events;
    private final Clock clock;

    TeamService(LiveWorld world, TeamPositionRepository positions, EventService events, Clock clock) {
        this.world = world;
        this.positions = positions;
        this.events = events;
        this.clock = clock;
    }

    /** The teams the caller may see: all (command, admin), WASTEWATER (bureau), its own (field team). */
    public List<TeamView> list(Caller caller) {
        Map<String, TeamPosition> last = positions.all();
        List<TeamView> out = new ArrayList<>();
        for (Team t : world.world().all(Team.class)) {
            if (visible(t, caller)) {
                out.add(view(t, last.get(t.id())));
            }
        }
        return out;
    }

    /** A field team reports where it is. */
    public TeamView report(String teamId, LocationCommand cmd, Caller caller) {
        Team team = world.world().find(teamId, Team.class).orElseThrow(() -> ApiException.notFound("no team " + teamId));
        if (!teamId.equals(caller.teamId())) {
            throw ApiException.forbidden("you may report only your own team's position (" + caller.teamId() + ")");
        }
        if (cmd == null || cmd.lat() == null) {
            throw ApiException.badRequest("lat: is required");
        }
        if (cmd.lon() == null) {
            throw ApiException.badRequest("lon: is required");
        }
        if (!(cmd.lat() >= -90 && cmd.lat() <= 90)) {
            throw ApiException.badRequest("lat: must be within -90..90, got " + cmd.lat());
        }
        if (!(cmd.lon() >= -180 && cmd.lon() <= 180)) {
            throw ApiException.badRequest("lon: must be within -180..180, got " + cmd.lon());
        }
        if (cmd.accuracyM() != null && !(cmd.accuracyM() >= 0)) {
            throw ApiException.badRequest("accuracyM: must be ≥ 0, got " + cmd.accuracyM());
        }
        Instant now = clock.instant();
        Instant ts = now;
        if (cmd.ts() != null) {
            try {
                ts = IsoTimes.parseInstant(cmd.ts());
            } catch (DateTimeException e) {
                throw ApiException.badRequest("ts: expected an ISO-8601 time with offset, got \"" + cmd.ts() + "\"");
            }
            if (ts.isAfter(now.plus(MAX_FUTURE))) {
                throw ApiException.badRequest("ts: " + cmd.ts() + " is in the future");
            }
        }
        TeamPosition p = new TeamPosition(teamId, new TeamPosition.Location(cmd.lat(), cmd.lon()),
                IsoTimes.formatSortable(ts), cmd.accuracyM(), caller.username(), IsoTimes.formatSortable(now));
        TeamPosition stored = positions.saveIfNewer(p);
        if (stored == p) {
            events.publish(List.of(new EventDraft("team", team.scenario().name(), List.of(teamId),
                    new PositionEvent("POSITION", teamId, p.location().lat(), p.location().lon(), p.ts(), p.accuracyM()))));
        }
        return view(team, stored);
    }

    private static boolean visible(Team t, Caller caller) {
        return caller.seesAll()
                || (caller.has(Roles.ENV_BUREAU) && t.scenario() == Scenario.WASTEWATER)
                || t.id().equals(caller.teamId());
    }

    private static TeamView view(Team t, TeamPosition last) {
        return new TeamView(t.id(), t.scenario().name(), t.name(), t.nameZh(), t.role().name(),
                t.level() == null ? null : t.level().name(), t.persons(), t.skills(),
                new TeamPosition.Location(t.geometry().getY(), t.geometry().getX()), last);
    }
}
