package cn.jinhua.risk.geo.team;

import cn.jinhua.risk.geo.model.TeamRole;
import java.util.List;
import java.util.Set;

/**
 * The "1+3+N" lost-person rescue as data: 1 command role, 3 core force roles (one nearest team
 * each), N volunteer teams with a fitting skill.
 *
 * @param commandRole the "1"
 * @param coreRoles the "3": one nearest team of each
 * @param volunteerRole the "N"
 * @param volunteerSkills a volunteer team fits when it has any of these
 * @param maxVolunteers how many volunteer teams at most
 */
public record RescueComposition(TeamRole commandRole, List<TeamRole> coreRoles, TeamRole volunteerRole,
                                Set<String> volunteerSkills, int maxVolunteers) {
    public RescueComposition {
        coreRoles = List.copyOf(coreRoles);
        volunteerSkills = Set.copyOf(volunteerSkills);
        if (maxVolunteers < 0) {
            throw new IllegalArgumentException("maxVolunteers must be ≥ 0");
        }
    }

    /** Command centre, police + fire + medical, up to 3 volunteer teams that search, guide or fly drones. */
    public static RescueComposition oneThreeN() {
        return new RescueComposition(TeamRole.COMMAND, List.of(TeamRole.POLICE, TeamRole.FIRE, TeamRole.MEDICAL),
                TeamRole.VOLUNTEER, Set.of("MOUNTAIN_SEARCH", "LOCAL_GUIDE", "DRONE", "ROPE_RESCUE"), 3);
    }
}
