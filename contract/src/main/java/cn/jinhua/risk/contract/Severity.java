package cn.jinhua.risk.contract;

/**
 * Alert severity ({@code docs/alerts.md} "Fields"), lowest first: the order of the constants is
 * the order of urgency.
 */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The higher of two severities. */
    public static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
