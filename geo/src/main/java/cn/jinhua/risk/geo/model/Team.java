package cn.jinhua.risk.geo.model;

import java.util.List;
import org.locationtech.jts.geom.Point;

/**
 * A response team at its home base.
 *
 * @param level the wastewater response level the team belongs to, null for lost-person teams
 * @param skills e.g. MOUNTAIN_SEARCH, ROPE_RESCUE, DRONE, LOCAL_GUIDE, PUMPING, SLUICE_OPERATION
 */
public record Team(String id, Scenario scenario, String name, String nameZh, Point geometry,
                   TeamRole role, ResponseLevel level, int persons, List<String> skills)
        implements WorldFeature {
    public Team {
        skills = List.copyOf(skills);
    }

    @Override
    public FeatureType type() {
        return FeatureType.TEAM;
    }

    public boolean hasSkill(String skill) {
        return skills.contains(skill);
    }
}
