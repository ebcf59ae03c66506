package cn.jinhua.risk.api.dispatch;

import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.world.LiveWorld;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geodesy.Geodesy;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.TeamRole;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.geo.team.RescueComposition;
import cn.jinhua.risk.geo.team.TeamDistance;
import cn.jinhua.risk.geo.team.TeamFinder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recommends teams from the world as the job runs it ({@link LiveWorld}; {@code docs/api.md} "Incidents and dispatch"): for lost persons the 1+3+N rescue around the last
 * known position; for wastewater the plant's team and the teams of the response level and below,
 * plus sluice keepers when a sluice must close. Each answer is made in one world. Thread-safe (each
 * world is immutable).
 */
@Singleton
public final class Recommender {
    private final LiveWorld live;
    private final EtaModel eta = EtaModel.defaults();

    @Inject
    public Recommender(LiveWorld live) {
        this.live = live;
    }

    /** Over the world files alone, never changed. */
    public Recommender(World world) {
        this(LiveWorld.fixed(world));
    }

    /** The world now. */
    public World world() {
        return live.world();
    }

    /** The recommended teams of an incident of this scenario at this place and level. */
    public List<RecommendedTeam> recommend(String scenario, Position at, String plantId, ResponseLevel level,
                                           boolean sluiceMustClose) {
        World world = world();
        List<RecommendedTeam> out = new ArrayList<>();
        if (Scenario.LOST_PERSON.name().equals(scenario)) {
            for (TeamDistance td : world.teams().lostPersonRescue(at.lon(), at.lat(), RescueComposition.oneThreeN(), eta)) {
                out.add(view(td, lostPersonPart(td.team().role())));
            }
        } else {
            for (TeamDistance td : world.teams().wastewaterResponse(plantId, level, sluiceMustClose, at.lon(), at.lat(), eta)) {
                Team t = td.team();
                boolean keeper = t.hasSkill(TeamFinder.SLUICE_SKILL) && (t.level() == null || !t.level().atOrBelow(level)
                        || t.skills().equals(List.of(TeamFinder.SLUICE_SKILL)));
                out.add(view(td, keeper ? "sluice keeper" : "level " + (t.level() == null ? t.role() : t.level())));
            }
        }
        return out;
    }

    /** The nearest command-centre team of the lost-person rescue, if the world has one. */
    public Optional<RecommendedTeam> commandCentre(Position at) {
        return world().teams().nearest(at.lon(), at.lat(), TeamRole.COMMAND, Set.of(), 1, eta).stream()
                .findFirst().map(td -> view(td, "1 command"));
    }

    /** The wastewater teams whose level is exactly {@code level} (the ones an escalation adds). */
    public List<RecommendedTeam> wastewaterLevel(Position at, String plantId, ResponseLevel level, boolean sluiceMustClose) {
        List<RecommendedTeam> out = new ArrayList<>();
        for (TeamDistance td : world().teams().wastewaterResponse(plantId, level, sluiceMustClose, at.lon(), at.lat(), eta)) {
            if (td.team().level() == level) {
                out.add(view(td, "level " + level));
            }
        }
        return out;
    }

    /** A team of the world with its distance and ETA to a place. */
    public Optional<RecommendedTeam> team(String teamId, Position at) {
        return world().find(teamId, Team.class).map(t -> {
            double d = Geodesy.distanceM(t.geometry().getX(), t.geometry().getY(), at.lon(), at.lat());
            return view(new TeamDistance(t, d, eta.eta(t.role(), d)), "chosen");
        });
    }

    /**
     * The plant an alert is about: its subject (a PLANT, or a TANK's plant) or a PLANT among its
     * zones; null when none.
     */
    public String plantOf(String subjectId, List<String> zoneIds) {
        World world = world();
        Optional<Plant> p = world.find(subjectId, Plant.class);
        if (p.isPresent()) {
            return p.get().id();
        }
        Optional<Tank> t = world.find(subjectId, Tank.class);
        if (t.isPresent()) {
            return t.get().plantId();
        }
        for (String z : zoneIds) {
            if (world.find(z, Plant.class).isPresent()) {
                return z;
            }
        }
        return null;
    }

    private static String lostPersonPart(TeamRole role) {
        switch (role) {
            case COMMAND:
                return "1 command";
            case VOLUNTEER:
                return "N volunteer";
            default:
                return "3 core";
        }
    }

    private static RecommendedTeam view(TeamDistance td, String part) {
        Team t = td.team();
        return new RecommendedTeam(t.id(), t.name(), t.nameZh(), t.role().name(), t.level() == null ? null : t.level().name(),
                Math.round(td.distanceM()), td.eta().getSeconds(), part);
    }
}
