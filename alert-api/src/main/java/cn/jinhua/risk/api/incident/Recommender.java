package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.alert.IncomingAlert;
import cn.jinhua.risk.geo.World;
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
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recommends teams from the world (SPEC §6): for lost persons the 1+3+N rescue around the last
 * known position; for wastewater the plant's team and the teams of the response level and below,
 * plus sluice keepers when a sluice must close. Thread-safe (the world is immutable).
 */
@Singleton
public final class Recommender {
    private static final Set<String> SLUICE_RULES = Set.of(
            "plating.creek-contamination", "plating.sluice-not-closed", "plating.creek-space-filling");
    private final World world;
    private final EtaModel eta = EtaModel.defaults();

    public Recommender(World world) {
        this.world = world;
    }

    public World world() {
        return world;
    }

    /** The recommended teams of an incident of this scenario at this place and level. */
    public List<RecommendedTeam> recommend(String scenario, GeoPoint at, String plantId, ResponseLevel level,
                                           boolean sluiceMustClose) {
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
    public Optional<RecommendedTeam> commandCentre(GeoPoint at) {
        return world.teams().nearest(at.lon(), at.lat(), TeamRole.COMMAND, Set.of(), 1, eta).stream()
                .findFirst().map(td -> view(td, "1 command"));
    }

    /** The wastewater teams whose level is exactly {@code level} (the ones an escalation adds). */
    public List<RecommendedTeam> wastewaterLevel(GeoPoint at, String plantId, ResponseLevel level, boolean sluiceMustClose) {
        List<RecommendedTeam> out = new ArrayList<>();
        for (TeamDistance td : world.teams().wastewaterResponse(plantId, level, sluiceMustClose, at.lon(), at.lat(), eta)) {
            if (td.team().level() == level) {
                out.add(view(td, "level " + level));
            }
        }
        return out;
    }

    /** A team of the world with its distance and ETA to a place. */
    public Optional<RecommendedTeam> team(String teamId, GeoPoint at) {
        return world.find(teamId, Team.class).map(t -> {
            double d = cn.jinhua.risk.geo.geodesy.Geodesy.distanceM(t.geometry().getX(), t.geometry().getY(), at.lon(), at.lat());
            return view(new TeamDistance(t, d, eta.eta(t.role(), d)), "chosen");
        });
    }

    /** The plant an alert is about: its subject (a PLANT, or a TANK's plant) or a PLANT among its zones. */
    public String plantOf(IncomingAlert a) {
        Optional<Plant> p = world.find(a.subjectId(), Plant.class);
        if (p.isPresent()) {
            return p.get().id();
        }
        Optional<Tank> t = world.find(a.subjectId(), Tank.class);
        if (t.isPresent()) {
            return t.get().plantId();
        }
        for (String z : a.zoneIds()) {
            if (world.find(z, Plant.class).isPresent()) {
                return z;
            }
        }
        return null;
    }

    /** Whether an alert asks for a sluice to close: tier 3, a creek rule, or a recommendation naming sluices. */
    public static boolean sluiceMustClose(IncomingAlert a) {
        if ((a.tier() != null && a.tier() >= 3) || SLUICE_RULES.contains(a.ruleId())) {
            return true;
        }
        JsonNode rec = a.document().get("recommendation");
        if (rec != null && rec.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = rec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().toLowerCase(java.util.Locale.ROOT).contains("sluice") && !e.getValue().isNull()
                        && !(e.getValue().isContainerNode() && e.getValue().isEmpty())
                        && !(e.getValue().isBoolean() && !e.getValue().booleanValue())) {
                    return true;
                }
            }
        }
        return false;
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
