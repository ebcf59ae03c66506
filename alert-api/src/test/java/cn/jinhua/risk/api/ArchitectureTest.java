package cn.jinhua.risk.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layout alert-api/DESIGN.md describes, checked on the compiled classes. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.jinhua.risk.api");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("cn.jinhua.risk.api.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyRepositoriesAndTheStoreTalkToElasticsearch() {
        // Micronaut's generated bean definitions ($...Definition) name the types their bean is built from.
        noClasses().that().resideOutsideOfPackage("cn.jinhua.risk.api.store")
                .and().haveSimpleNameNotStartingWith("Elasticsearch")
                .and().haveNameNotMatching(".*\\.\\$[^.]*")
                .should().dependOnClassesThat().resideInAPackage("co.elastic.clients..")
                .check(MAIN);
    }
}
