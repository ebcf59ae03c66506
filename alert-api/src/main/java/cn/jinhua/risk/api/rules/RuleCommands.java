package cn.jinhua.risk.api.rules;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** The bodies of the rule changes ({@code docs/api.md} "Rules and zones"); values are checked against the catalogue. */
final class RuleCommands {
    /** The largest EPL module taken, in characters. */
    static final int MAX_EPL = 65_536;

    private RuleCommands() {
    }

    /** New values by parameter name: numbers, lists of texts, or null to unset an optional parameter. */
    @Serdeable
    record Parameters(@NotNull @NotEmpty @Size(max = 64) Map<String, @Nullable Object> parameters) {
    }

    /** Turns the rule on or off. */
    @Serdeable
    record Enabled(@NotNull Boolean enabled) {
    }

    /** A new EPL module for the rule (its statement named {@code @name('<ruleId>')}). */
    @Serdeable
    record Epl(@NotBlank @Size(max = MAX_EPL) String epl) {
    }

    /** A shadow version: parameters and/or EPL differing from the live version. */
    @Serdeable
    record Shadow(@Nullable @Size(max = 64) Map<String, @Nullable Object> parameters,
                  @Nullable @Size(min = 1, max = MAX_EPL) String epl) {
    }
}
