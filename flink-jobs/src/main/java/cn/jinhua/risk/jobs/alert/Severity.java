package cn.jinhua.risk.jobs.alert;

/** Alert severity, lowest first: the order of the constants is the order of urgency. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
