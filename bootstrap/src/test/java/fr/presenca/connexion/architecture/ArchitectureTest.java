package fr.presenca.connexion.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;

/** The hexagon's arrows, checked on the compiled classes of every module. */
@DisplayName("The architecture")
class ArchitectureTest {

    private static final String ROOT = "fr.presenca.connexion";

    static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    static final ArchRule DOMAIN_IS_PURE = classes().that().resideInAPackage(ROOT + ".domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.vavr..", ROOT + ".domain..")
            .because("the domain is plain Java and Vavr: no Spring, R2DBC, Reactor, GraphQL, Jackson or Liquibase");

    static final ArchRule APPLICATION_HAS_NO_FRAMEWORK = classes().that().resideInAPackage(ROOT + ".application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.vavr..", "reactor.core..",
                    "reactor.util..", ROOT + ".domain..", ROOT + ".application..")
            .because("use cases and services know the domain and Reactor, never Spring or an adapter");

    static final ArchRule PORTS_ARE_INDEPENDENT = noClasses().that().resideInAPackage(ROOT + ".application.port.in..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".application.port.out..")
            .because("inbound ports speak for callers, outbound ports for infrastructure: neither knows the other");

    static final ArchRule OUT_PORTS_IGNORE_IN_PORTS = noClasses().that().resideInAPackage(ROOT + ".application.port.out..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".application.port.in..")
            .because("inbound ports speak for callers, outbound ports for infrastructure: neither knows the other");

    static final ArchRule ADAPTERS_USE_PORTS_NOT_SERVICES = noClasses().that().resideInAPackage(ROOT + ".adapter..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".application.service..")
            .because("adapters reach the core through its ports; services are wired in bootstrap");

    static final ArchRule ADAPTERS_ARE_INDEPENDENT = slices().matching(ROOT + ".adapter.(*).(*)..")
            .should().notDependOnEachOther()
            .because("an adapter can be replaced without touching another");

    static final ArchRule GRAPHQL_ENGINE_IGNORES_CONTROLLERS = noClasses()
            .that().resideInAPackage(ROOT + ".adapter.in.graphql.engine..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".adapter.in.graphql")
            .because("the engine's hardening (limits, caches, HTTP handlers) serves any schema: it knows no controller");

    static final ArchRule CONTROLLERS_APART_FROM_ENGINE = classes().that().areAnnotatedWith(Controller.class)
            .should().resideInAPackage(ROOT + ".adapter.in.graphql")
            .because("the controllers that map the schema to use cases stand together, apart from the engine");

    static final ArchRule NOTHING_DEPENDS_ON_BOOTSTRAP = noClasses().that().resideOutsideOfPackage(ROOT + ".bootstrap..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".bootstrap..")
            .because("bootstrap wires everything and nothing may need it");

    static final ArchRule NO_CYCLES_BETWEEN_LAYERS = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
            .because("domain, application, adapters and bootstrap form a one-way chain");

    static final ArchRule NO_CYCLES_IN_APPLICATION = slices().matching(ROOT + ".application.(**)").should()
            .beFreeOfCycles()
            .because("ports, listings and services must stay separable");

    // The domain is one slice on purpose: the aggregate takes its policies as arguments and the policies read the
    // aggregate, so connexion, cost, quota and policy are one concept split for reading, not separable modules.
    static final ArchRule NO_CYCLES_IN_ADAPTERS = slices().matching(ROOT + ".adapter.(**)").should().beFreeOfCycles()
            .because("each adapter's packages must stay separable");

    @Test
    @DisplayName("the domain depends on the JDK and Vavr only")
    void domainIsPure() {
        DOMAIN_IS_PURE.check(PRODUCTION);
    }

    @Test
    @DisplayName("the application layer depends on no framework and no adapter")
    void applicationHasNoFramework() {
        APPLICATION_HAS_NO_FRAMEWORK.check(PRODUCTION);
    }

    @Test
    @DisplayName("inbound and outbound ports are independent")
    void portsAreIndependent() {
        PORTS_ARE_INDEPENDENT.check(PRODUCTION);
        OUT_PORTS_IGNORE_IN_PORTS.check(PRODUCTION);
    }

    @Test
    @DisplayName("adapters use ports, never services")
    void adaptersUsePorts() {
        ADAPTERS_USE_PORTS_NOT_SERVICES.check(PRODUCTION);
    }

    @Test
    @DisplayName("adapters do not depend on each other")
    void adaptersAreIndependent() {
        ADAPTERS_ARE_INDEPENDENT.check(PRODUCTION);
    }

    @Test
    @DisplayName("the GraphQL engine's hardening stands apart from the controllers")
    void graphQlEngineApartFromControllers() {
        GRAPHQL_ENGINE_IGNORES_CONTROLLERS.check(PRODUCTION);
        CONTROLLERS_APART_FROM_ENGINE.check(PRODUCTION);
    }

    @Test
    @DisplayName("nothing depends on bootstrap")
    void nothingDependsOnBootstrap() {
        NOTHING_DEPENDS_ON_BOOTSTRAP.check(PRODUCTION);
    }

    @Test
    @DisplayName("layers, application packages and adapter packages have no cycles")
    void noPackageCycles() {
        NO_CYCLES_BETWEEN_LAYERS.check(PRODUCTION);
        NO_CYCLES_IN_APPLICATION.check(PRODUCTION);
        NO_CYCLES_IN_ADAPTERS.check(PRODUCTION);
    }

    @Nested
    @DisplayName("catches a wrong arrow")
    class CatchesViolations {

        // Test-only classes that break the rules on purpose: the rules must see them.
        private final JavaClasses violations = new ClassFileImporter()
                .importPackages(ROOT + ".domain.violation", ROOT + ".application.violation");

        @Test
        @DisplayName("a domain class importing Spring breaks the domain rule")
        void domainImportingSpring() {
            assertThat(DOMAIN_IS_PURE.evaluate(violations).hasViolation()).isTrue();
        }

        @Test
        @DisplayName("an application class importing Spring breaks the application rule")
        void applicationImportingSpring() {
            assertThat(APPLICATION_HAS_NO_FRAMEWORK.evaluate(violations).hasViolation()).isTrue();
        }
    }
}
