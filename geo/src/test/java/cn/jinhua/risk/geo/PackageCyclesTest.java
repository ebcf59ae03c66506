package cn.jinhua.risk.geo;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** No package of geo depends, through any chain, on a package that depends on it. */
class PackageCyclesTest {
    @Test
    void geoPackagesFormNoCycle() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.jinhua.risk.geo");
        slices().matching("cn.jinhua.risk.(**)").should().beFreeOfCycles().check(classes);
    }
}
