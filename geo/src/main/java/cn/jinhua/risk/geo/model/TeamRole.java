package cn.jinhua.risk.geo.model;

/** What a response team is. */
public enum TeamRole {
    COMMAND, POLICE, FIRE, MEDICAL, VOLUNTEER, ENTERPRISE, PARK, TOWNSHIP, COUNTY, ENV_MONITORING
}
