package cn.jinhua.risk.geo.team;

import cn.jinhua.risk.geo.geodesy.Geodesy;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.TeamRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds response teams: nearest by role and skill with distance and ETA, the 1+3+N lost-person
 * rescue, and the wastewater teams of a response level and below. Immutable and thread-safe.
 */
public final class TeamFinder {
    /** Skill of the teams that operate the creek sluices. */
    public static final String SLUICE_SKILL = "SLUICE_OPERATION";

    private final List<Team> teams;
    private final Map<String, Team> teamById = new LinkedHashMap<>();
    private final Map<String, Plant> plantById = new LinkedHashMap<>();

    /** @param plants the plants whose own team {@link #wastewaterResponse} calls first */
    public TeamFinder(List<Team> teams, List<Plant> plants) {
        this.teams = List.copyOf(teams);
        for (Team t : this.teams) {
            teamById.put(t.id(), t);
        }
        for (Plant p : plants) {
            plantById.put(p.id(), p);
        }
    }

    public List<Team> all() {
        return teams;
    }

    /**
     * Teams of a role nearest to (lon, lat), nearest first.
     *
     * @param skills when not empty, only teams having at least one of these skills
     * @param limit how many at most
     */
    public List<TeamDistance> nearest(double lon, double lat, TeamRole role, Set<String> skills, int limit, EtaModel eta) {
        return nearest(lon, lat, t -> t.role() == role
                && (skills.isEmpty() || t.skills().stream().anyMatch(skills::contains)), limit, eta);
    }

    private List<TeamDistance> nearest(double lon, double lat, Predicate<Team> filter, int limit, EtaModel eta) {
        List<TeamDistance> out = new ArrayList<>();
        for (Team t : teams) {
            if (filter.test(t)) {
                double d = Geodesy.distanceM(t.geometry().getX(), t.geometry().getY(), lon, lat);
                out.add(new TeamDistance(t, d, eta.eta(t.role(), d)));
            }
        }
        out.sort(Comparator.comparingDouble(TeamDistance::distanceM).thenComparing(td -> td.team().id()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /**
     * The lost-person rescue for a last known position: the nearest command team, the nearest team
     * of each core role, and up to N nearest fitting volunteer teams. A role without any team is
     * simply absent.
     */
    public List<TeamDistance> lostPersonRescue(double lon, double lat, RescueComposition c, EtaModel eta) {
        List<TeamDistance> out = new ArrayList<>(nearest(lon, lat, c.commandRole(), Set.of(), 1, eta));
        for (TeamRole core : c.coreRoles()) {
            out.addAll(nearest(lon, lat, t -> t.role() == core && t.scenario() == Scenario.LOST_PERSON, 1, eta));
        }
        out.addAll(nearest(lon, lat, c.volunteerRole(), c.volunteerSkills(), c.maxVolunteers(), eta));
        return out;
    }

    /**
     * The wastewater teams for an incident at a response level: the plant's own team (when the
     * incident is at a plant), then every team whose level is at or below {@code level} (park,
     * township, county crews), and the sluice keepers when a sluice must close. Nearest first
     * within each level; distances are to {@code (lon, lat)}.
     *
     * @param plantId the plant the incident is at, or null for a creek incident
     */
    public List<TeamDistance> wastewaterResponse(String plantId, ResponseLevel level, boolean sluiceMustClose,
                                                 double lon, double lat, EtaModel eta) {
        Map<String, TeamDistance> out = new LinkedHashMap<>();
        if (plantId != null) {
            Plant plant = plantById.get(plantId);
            Team own = plant == null ? null : teamById.get(plant.teamId());
            if (own != null) {
                out.put(own.id(), distance(own, lon, lat, eta));
            }
        }
        for (ResponseLevel l : ResponseLevel.values()) {
            if (!l.atOrBelow(level) || l == ResponseLevel.ENTERPRISE) {
                continue;
            }
            for (TeamDistance td : nearest(lon, lat, t -> t.scenario() == Scenario.WASTEWATER && t.level() == l
                    && !onlySluiceKeeper(t), Integer.MAX_VALUE, eta)) {
                out.putIfAbsent(td.team().id(), td);
            }
        }
        if (sluiceMustClose) {
            for (TeamDistance td : nearest(lon, lat, t -> t.scenario() == Scenario.WASTEWATER && t.hasSkill(SLUICE_SKILL),
                    Integer.MAX_VALUE, eta)) {
                out.putIfAbsent(td.team().id(), td);
            }
        }
        return List.copyOf(out.values());
    }

    /** Sluice keepers are called for sluices, not for every incident at their level. */
    private static boolean onlySluiceKeeper(Team t) {
        return t.skills().equals(List.of(SLUICE_SKILL));
    }

    private static TeamDistance distance(Team t, double lon, double lat, EtaModel eta) {
        double d = Geodesy.distanceM(t.geometry().getX(), t.geometry().getY(), lon, lat);
        return new TeamDistance(t, d, eta.eta(t.role(), d));
    }
}
