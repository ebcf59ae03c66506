package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.RuleCatalogue;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the catalogue is decided by exactly one class of the job, named after the rule id
 * ({@code plating.pool-overflow-forecast} → {@code PoolOverflowForecastRule}), whose {@code RULE}
 * is that catalogue entry; and the job has no rule class the catalogue does not list.
 */
class RuleClassesTest {
    @Test
    void eachCatalogueRuleHasOneClassNamedAfterIt() throws Exception {
        List<String> found = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.jinhua.risk.jobs")) {
            if (c.getSimpleName().endsWith("Rule") && !c.isNestedClass()) {
                var field = Class.forName(c.getName()).getDeclaredField("RULE");
                field.setAccessible(true);
                RuleCatalogue.Rule rule = (RuleCatalogue.Rule) field.get(null);
                assertThat(c.getSimpleName()).isEqualTo(className(rule.id()));
                found.add(rule.id());
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(
                RuleCatalogue.packaged().all().stream().map(RuleCatalogue.Rule::id).toList());
    }

    /** {@code hiker.off-trail-stationary} → {@code OffTrailStationaryRule}. */
    static String className(String ruleId) {
        StringBuilder b = new StringBuilder();
        for (String part : ruleId.substring(ruleId.indexOf('.') + 1).split("-")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.append("Rule").toString();
    }
}
