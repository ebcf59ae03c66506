package cn.jinhua.risk.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a browser test only where Debian's chromium and chromium-driver are installed (the paths
 * {@code risk.chromium} and {@code risk.chromedriver}); elsewhere, e.g. a contributor's machine
 * without root, the test is skipped with one line that says how to enable it, before the system
 * is started. CI runs {@code ./risk test} as root, which installs both.
 */
final class BrowserInstalled implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = missing();
        return reason == null ? ConditionEvaluationResult.enabled("chromium and chromedriver are installed")
                : ConditionEvaluationResult.disabled(reason);
    }

    /** Why the browser test cannot run here, or null when it can. */
    static String missing() {
        Path chromium = Path.of(RiskSystem.required("risk.chromium"));
        Path chromedriver = Path.of(RiskSystem.required("risk.chromedriver"));
        if (Files.isExecutable(chromium) && Files.isExecutable(chromedriver)) {
            return null;
        }
        return "browser test skipped: no " + (Files.isExecutable(chromium) ? "" : chromium + " ")
                + (Files.isExecutable(chromedriver) ? "" : chromedriver + " ")
                + "(to run it: sudo apt-get install -y chromium chromium-driver fonts-wqy-microhei, or ./risk test as root;"
                + " other paths: -Drisk.chromium=... -Drisk.chromedriver=...)";
    }
}
