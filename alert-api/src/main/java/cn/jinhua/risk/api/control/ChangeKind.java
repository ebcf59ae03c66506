package cn.jinhua.risk.api.control;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of change on {@code risk.control}, by their names on the wire. */
public enum ChangeKind {
    RULE_PARAMETERS("rule-parameters"),
    RULE_EPL("rule-epl"),
    RULE_ENABLED("rule-enabled"),
    RULE_SHADOW("rule-shadow"),
    RULE_PROMOTE("rule-promote"),
    RULE_SHADOW_STOP("rule-shadow-stop"),
    WORLD_UPSERT("world-upsert"),
    WORLD_DELETE("world-delete"),
    /** Several world edits as one version (features that refer to each other: a plant and its pool). */
    WORLD_BATCH("world-batch");

    private final String wire;

    ChangeKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether the change is about a rule (keyed {@code rule:<ruleId>}), else about a world feature. */
    public boolean aboutRule() {
        return wire.startsWith("rule-");
    }

    public static Optional<ChangeKind> of(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }
}
