package cn.jinhua.risk.jobs.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: a SHA-256 over the rule, its version, the subject, the event time and
 * a discriminator (usually the severity), shortened to 32 hex characters. The same inputs give
 * the same id on every run and every restart, so a replayed or re-emitted alert is stored once.
 * Thread-safe.
 */
public final class AlertIds {
    private AlertIds() {
    }

    /**
     * The discriminator of a shadow version's alert: a shadow and a live version of one number (a
     * promoted shadow) never share an id.
     */
    public static String shadowed(String discriminator, boolean shadow) {
        return shadow ? (discriminator == null ? "" : discriminator) + "\u0000shadow" : discriminator;
    }

    /**
     * @param eventTimeMillis the alert's event time, epoch milliseconds
     * @param discriminator what else makes two alerts of the same rule, subject and time different
     *     (e.g. the severity when a higher threshold is crossed by the same reading)
     */
    public static String of(String ruleId, int ruleVersion, String subjectId, long eventTimeMillis, String discriminator) {
        String material = ruleId + '\u0000' + ruleVersion + '\u0000' + subjectId + '\u0000' + eventTimeMillis
                + '\u0000' + (discriminator == null ? "" : discriminator);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
