package org.convpool.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Dependencies point one way, job -> image -> engine, and the engine stays pure Java. */
class EngineArchitectureTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.convpool");

    private static final ArchRule ENGINE_IS_PURE = noClasses()
            .that().resideInAPackage("org.convpool.engine..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.spark..", "org.apache.hadoop..", "scala..", "java.awt..", "javax.imageio..",
                    "org.convpool.image..", "org.convpool.job..")
            .because("the engine is plain Java that any adapter can call");

    private static final ArchRule IMAGE_DOES_NOT_USE_JOB = noClasses()
            .that().resideInAPackage("org.convpool.image..")
            .should().dependOnClassesThat().resideInAPackage("org.convpool.job..")
            .allowEmptyShould(true)
            .because("dependencies point one way: job -> image -> engine");

    private static final ArchRule REPORT_IS_PLAIN_RENDERING = noClasses()
            .that().resideInAPackage("org.convpool.report..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.spark..", "org.apache.hadoop..", "scala..", "java.awt..", "javax.imageio..",
                    "org.convpool.image..", "org.convpool.job..")
            .because("the report renders small, already gathered data; the job gathers it");

    @Test
    void reportDependsOnNoAdapter() {
        REPORT_IS_PLAIN_RENDERING.check(PRODUCTION);
    }

    @Test
    void engineDependsOnNoAdapter() {
        assertTrue(PRODUCTION.contain(Engine.class), "the engine's classes were not imported");
        ENGINE_IS_PURE.check(PRODUCTION);
    }

    @Test
    void imageDependsNotOnJob() {
        IMAGE_DOES_NOT_USE_JOB.check(PRODUCTION);
    }

    @Test
    void engineRuleCatchesAnAwtDependency() {
        final JavaClasses offender = new ClassFileImporter().importClasses(UsesAwt.class);
        assertThrows(AssertionError.class, () -> ENGINE_IS_PURE.check(offender));
    }

    /** A test-only class that breaks the rule, to show that the rule can fail. */
    static final class UsesAwt {
        java.awt.Point origin() {
            return new java.awt.Point(0, 0);
        }
    }
}
