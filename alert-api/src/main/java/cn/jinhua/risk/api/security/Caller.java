package cn.jinhua.risk.api.security;

import cn.jinhua.risk.geo.model.Scenario;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.Set;

/**
 * Who is asking, reduced to what the services decide on: name, roles and (for field teams) the
 * team. Immutable.
 *
 * @param teamId the caller's team for FIELD_TEAM accounts, else null
 */
public record Caller(String username, Set<String> roles, @Nullable String teamId) {
    /** Token attribute that carries a field team's id. */
    public static final String TEAM_ATTRIBUTE = "teamId";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller of(Authentication auth) {
        Object team = auth.getAttributes().get(TEAM_ATTRIBUTE);
        Collection<String> roles = auth.getRoles();
        return new Caller(auth.getName(), Set.copyOf(roles), team == null ? null : team.toString());
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Sees every scenario: command centre and admins. */
    public boolean seesAll() {
        return has(Roles.COMMAND) || has(Roles.ADMIN);
    }

    /** Scenarios this caller sees in full: null = all, empty = none (field teams see only their dispatches). */
    public Set<String> visibleScenarios() {
        if (seesAll()) {
            return null;
        }
        if (has(Roles.ENV_BUREAU)) {
            return Set.of(Scenario.WASTEWATER.name());
        }
        return Set.of();
    }

    /** Whether alerts and incidents of this scenario are visible at all (field teams: only their dispatches). */
    public boolean seesScenario(String scenario) {
        return seesAll() || (has(Roles.ENV_BUREAU) && Scenario.WASTEWATER.name().equals(scenario));
    }

    /** Whether this caller may see unmasked caller numbers. */
    public boolean seesCallerNumbers() {
        return has(Roles.COMMAND);
    }

    /** Whether this caller is only a field team (no wider role). */
    public boolean onlyFieldTeam() {
        return has(Roles.FIELD_TEAM) && !seesAll() && !has(Roles.ENV_BUREAU);
    }

    /** Whether this caller may dispatch and change incidents of a scenario. */
    public boolean commands(String scenario) {
        return has(Roles.COMMAND) || (has(Roles.ENV_BUREAU) && Scenario.WASTEWATER.name().equals(scenario));
    }

    /**
     * Whether this caller may change the live rules and world features of a scenario
     * ({@code docs/api.md} "Rules and zones"): ADMIN every scenario, COMMAND the lost-person rules
     * and zones, ENV_BUREAU the plating rules and the park's features.
     */
    public boolean changesLive(String scenario) {
        return has(Roles.ADMIN) || (has(Roles.COMMAND) && Scenario.LOST_PERSON.name().equals(scenario))
                || (has(Roles.ENV_BUREAU) && Scenario.WASTEWATER.name().equals(scenario));
    }
}
