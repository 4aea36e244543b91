package org.pvsim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of ARCHITECTURE.md, enforced on the main code of every module:
 *
 * <ol>
 *   <li>Guests are guests: guest-pv, and dom0 outside its boot package, use only the {@code abi} packages of the
 *       hypervisor, event-channels and grant-tables modules.
 *   <li>Subsystems plug in: the hypervisor core imports no subsystem, guest or dom0 code; event-channels and
 *       grant-tables use only the hypervisor's {@code abi} and {@code spi} packages.
 *   <li>Each {@code abi} package stands alone: it imports no implementation package.
 *   <li>No package cycles.
 * </ol>
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the hypervisor's test-jar (shared test fakes and helpers) is test code too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.pvsim");
    }

    private static final String[] IMPLEMENTATION_PACKAGES_OF_OTHER_MODULES = {
        "org.pvsim.hypervisor",
        "org.pvsim.hypervisor.(*)..",
        "org.pvsim.evtchn",
        "org.pvsim.evtchn.(*)..",
        "org.pvsim.gnttab",
        "org.pvsim.gnttab.(*)..",
    };

    @Test
    void guestKernelsUseOnlyAbiPackages() {
        noClasses()
                .that()
                .resideInAPackage("org.pvsim.guest..")
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "an implementation class of the hypervisor, event-channels or grant-tables",
                        LayeringTest::isImplementationOfAnotherModule))
                .because("a PV guest reaches the hypervisor only through hypercalls and shared memory")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void dom0OutsideItsBootPackageUsesOnlyAbiPackages() {
        noClasses()
                .that()
                .resideInAPackage("org.pvsim.dom0..")
                .and()
                .resideOutsideOfPackage("org.pvsim.dom0.boot..")
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "an implementation class of the hypervisor, event-channels or grant-tables",
                        LayeringTest::isImplementationOfAnotherModule))
                .because("dom0's toolstack manages domains with hypercalls, not hypervisor objects; only the"
                        + " composition root (dom0.boot) wires the host together")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void hypervisorCoreImportsNoSubsystemGuestOrDom0() {
        noClasses()
                .that()
                .resideInAPackage("org.pvsim.hypervisor..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.pvsim.evtchn..", "org.pvsim.gnttab..", "org.pvsim.guest..", "org.pvsim.dom0..")
                .because("subsystems register through the hypervisor's SPI; the core never imports them")
                .check(classes);
    }

    @Test
    void subsystemsUseOnlyTheHypervisorsAbiAndSpi() {
        noClasses()
                .that()
                .resideInAnyPackage("org.pvsim.evtchn..", "org.pvsim.gnttab..")
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a hypervisor class outside its abi and spi packages",
                        c -> c.getPackageName().startsWith("org.pvsim.hypervisor")
                                && !c.getPackageName().startsWith("org.pvsim.hypervisor.abi")
                                && !c.getPackageName().startsWith("org.pvsim.hypervisor.spi")))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void abiPackagesImportNoImplementation() {
        noClasses()
                .that()
                .resideInAnyPackage("org.pvsim.hypervisor.abi..", "org.pvsim.evtchn.abi..", "org.pvsim.gnttab.abi..")
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a pvsim class outside an abi package",
                        c -> c.getPackageName().startsWith("org.pvsim")
                                && !c.getPackageName().contains(".abi")))
                .because("the abi is the guest-visible contract, like xen/include/public")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.pvsim.(**)").should().beFreeOfCycles().check(classes);
    }

    private static boolean isImplementationOfAnotherModule(com.tngtech.archunit.core.domain.JavaClass c) {
        String p = c.getPackageName();
        boolean otherModule = p.startsWith("org.pvsim.hypervisor")
                || p.startsWith("org.pvsim.evtchn")
                || p.startsWith("org.pvsim.gnttab");
        return otherModule && !p.contains(".abi");
    }
}
