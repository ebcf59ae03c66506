package cn.jinhua.risk.api.alert;

/** Alert severity of SPEC §5, lowest first: the order of the constants is the order of urgency. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The higher of two severities. */
    public static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
