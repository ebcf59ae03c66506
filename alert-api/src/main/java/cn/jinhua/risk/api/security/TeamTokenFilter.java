package cn.jinhua.risk.api.security;

import cn.jinhua.risk.api.error.ApiException;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;

/**
 * A field team's token stops working when its team leaves the world: a request whose token names a
 * team ({@link Caller#TEAM_ATTRIBUTE}) that is not in the world now ({@link TeamRoster}: taken out
 * live, or gone with an expiry) is answered 401 with the reason, on every endpoint, as an expired
 * token is; the pages then go back to their login form, where the login says why it is refused
 * ({@link LoginService}). The token works again if the team is put back in before it expires. Runs
 * right after the security filter has read the token; one look-up in the live world per request,
 * no I/O. Thread-safe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class TeamTokenFilter implements Ordered {
    private static final String LOGIN = "/login";
    private final TeamRoster teams;

    TeamTokenFilter(TeamRoster teams) {
        this.teams = teams;
    }

    @RequestFilter
    void refuseTokensOfTeamsNotInTheWorld(HttpRequest<?> request) {
        if (LOGIN.equals(request.getPath())) {
            // A client that sends its old token along with the login still gets the login's own answer.
            return;
        }
        Authentication auth = request.getUserPrincipal(Authentication.class).orElse(null);
        Object team = auth == null ? null : auth.getAttributes().get(Caller.TEAM_ATTRIBUTE);
        if (team != null && !teams.has(team.toString())) {
            throw new ApiException(401, "the token of " + auth.getName() + " acts for team " + team
                    + ", which is no longer a team of the world (taken out live): log in again once the team is back");
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
