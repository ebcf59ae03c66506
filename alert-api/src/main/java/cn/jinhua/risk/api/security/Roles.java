package cn.jinhua.risk.api.security;

/** The role names ({@code docs/api.md} "Roles and login"), as they appear in tokens and {@code @Secured}. */
public final class Roles {
    /** Police command centre: sees everything, the only role that sees caller numbers. */
    public static final String COMMAND = "COMMAND";
    /** Environmental bureau: WASTEWATER alerts, incidents and teams only. */
    public static final String ENV_BUREAU = "ENV_BUREAU";
    /** A field team: only its own team's dispatches. */
    public static final String FIELD_TEAM = "FIELD_TEAM";
    /** The detection job: posts alerts, nothing else. */
    public static final String INGEST = "INGEST";
    /** Operators of the system: read everything (numbers masked), change nothing operational. */
    public static final String ADMIN = "ADMIN";
    /** Prometheus: reads {@code /prometheus}, nothing else. */
    public static final String METRICS = "METRICS";

    private Roles() {
    }
}
