package cn.jinhua.risk.api.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Authentication settings.
 *
 * @param ingestToken the static bearer token the detection job presents (env RISK_INGEST_TOKEN);
 *     empty disables it
 * @param demoAccounts whether the demo accounts exist (command, bureau, admin and one per team of the
 *     live world, all password "demo"): true only in the demo environment
 * @param accountsFile the accounts file {@code ./risk account add} writes (env RISK_ACCOUNTS_FILE);
 *     empty for none. Re-read when it changes
 */
@ConfigurationProperties("risk.security")
public record SecurityProperties(@Nullable String ingestToken,
                                 @Bindable(defaultValue = "false") boolean demoAccounts,
                                 @Nullable String accountsFile) {
}
