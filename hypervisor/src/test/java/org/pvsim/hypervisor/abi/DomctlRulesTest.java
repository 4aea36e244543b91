package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The value rules Xen applies to domctl arguments, and the domctl flag sets. */
class DomctlRulesTest {

    @Test
    void ordinaryDomctlNeedsTheCurrentInterfaceVersion() {
        int create = DomctlCmd.XEN_DOMCTL_createdomain.code;

        assertThat(DomctlDescriptor.isValidInterfaceVersion(create, 0x18)).isTrue();
        assertThat(DomctlDescriptor.isValidInterfaceVersion(create, 0x17)).isFalse();
        assertThat(DomctlDescriptor.isValidInterfaceVersion(create, 0)).isFalse();
    }

    @Test
    void stableGetDomainStateNeedsInterfaceVersionZero() {
        int cmd = DomctlCmd.XEN_DOMCTL_get_domain_state.code;

        assertThat(cmd).isEqualTo(90);
        assertThat(DomctlDescriptor.isStableDomctl(cmd)).isTrue();
        assertThat(DomctlDescriptor.expectedInterfaceVersion(cmd)).isZero();
        assertThat(DomctlDescriptor.isValidInterfaceVersion(cmd, 0)).isTrue();
        assertThat(DomctlDescriptor.isValidInterfaceVersion(cmd, 0x18)).isFalse();
        assertThat(DomctlCmd.ofCode(90)).isEqualTo(DomctlCmd.XEN_DOMCTL_get_domain_state);
    }

    @Test
    void maxVcpusStillExistsAndMustEqualTheCreateTimeLimit() {
        assertThat(DomctlCmd.ofCode(15)).isEqualTo(DomctlCmd.XEN_DOMCTL_max_vcpus);
        assertThat(DomctlMaxVcpusDescriptor.isValidMax(4, 4)).isTrue();
        assertThat(DomctlMaxVcpusDescriptor.isValidMax(2, 4)).isFalse();
    }

    @Test
    void createDomainAcceptsPvFlagsAndRefusesUnknownBitsAndHapWithoutHvm() {
        assertThat(CreateDomainFlags.isValid(0)).isTrue();
        assertThat(CreateDomainFlags.isValid(CreateDomainFlags.XEN_DOMCTL_CDF_xs_domain))
                .isTrue();
        assertThat(CreateDomainFlags.isValid(
                        CreateDomainFlags.XEN_DOMCTL_CDF_hvm | CreateDomainFlags.XEN_DOMCTL_CDF_hap))
                .isTrue();
        assertThat(CreateDomainFlags.isValid(CreateDomainFlags.XEN_DOMCTL_CDF_hap))
                .isFalse();
        assertThat(CreateDomainFlags.isValid(1 << 9)).isFalse();
        assertThat(CreateDomainFlags.XEN_DOMCTL_CDF_MAX).isEqualTo(1 << 8);
        assertThat(CreateDomainFlags.KNOWN_FLAGS).isEqualTo((CreateDomainFlags.XEN_DOMCTL_CDF_MAX << 1) - 1);
    }

    @Test
    void createDomainGrantOptionsHoldOnlyTheVersion() {
        assertThat(DomctlCreateDomainDescriptor.grantVersion(0x12)).isEqualTo(2);
        assertThat(DomctlCreateDomainDescriptor.isValidGrantOpts(2)).isTrue();
        assertThat(DomctlCreateDomainDescriptor.isValidGrantOpts(0x12)).isFalse();
        assertThat(DomctlCreateDomainDescriptor.isValidMaxVcpus(0)).isFalse();
        assertThat(DomctlCreateDomainDescriptor.isValidMaxVcpus(1)).isTrue();
    }

    @Test
    void pvDomainMayEmulateNothingOrOnlyThePit() {
        assertThat(XenArchDomainconfigDescriptor.isValidPvEmulationFlags(0)).isTrue();
        assertThat(XenArchDomainconfigDescriptor.isValidPvEmulationFlags(XenArchDomainconfigDescriptor.XEN_X86_EMU_PIT))
                .isTrue();
        assertThat(XenArchDomainconfigDescriptor.isValidPvEmulationFlags(
                        XenArchDomainconfigDescriptor.XEN_X86_EMU_LAPIC))
                .isFalse();
        assertThat(XenArchDomainconfigDescriptor.XEN_X86_EMU_ALL).isEqualTo(0x7FF);
        assertThat(XenArchDomainconfigDescriptor.isValidMiscFlags(1)).isTrue();
        assertThat(XenArchDomainconfigDescriptor.isValidMiscFlags(2)).isFalse();
    }

    @Test
    void domInfoFlagsHaveXensBitsAndCarryTheShutdownCodeInBits16To23() {
        assertThat(DomInfoFlags.XEN_DOMINF_dying).isEqualTo(1);
        assertThat(DomInfoFlags.XEN_DOMINF_shutdown).isEqualTo(4);
        assertThat(DomInfoFlags.XEN_DOMINF_paused).isEqualTo(8);
        assertThat(DomInfoFlags.XEN_DOMINF_running).isEqualTo(32);
        assertThat(DomInfoFlags.XEN_DOMINF_hap).isEqualTo(256);

        int flags = DomInfoFlags.withShutdownCode(
                DomInfoFlags.XEN_DOMINF_shutdown | DomInfoFlags.XEN_DOMINF_paused, ShutdownReason.SHUTDOWN_crash.code);

        assertThat(flags).isEqualTo(0x0003_000C);
        assertThat(DomInfoFlags.shutdownCode(flags)).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
        assertThat(DomInfoFlags.shutdownCode(DomInfoFlags.withShutdownCode(flags, 255)))
                .isEqualTo(255);
        assertThat(DomInfoFlags.withShutdownCode(flags, 0) & 0xFFFF).isEqualTo(0xC);
    }

    @Test
    void shutdownCodeOutsideItsEightBitsIsRefused() {
        assertThatThrownBy(() -> DomInfoFlags.withShutdownCode(0, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("XEN_DOMINF shutdown code must be in 0..255 (XEN_DOMINF_shutdownmask), got 256");
        assertThatThrownBy(() -> DomInfoFlags.withShutdownCode(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxMemIsGivenInKibAndBecomesPages() {
        assertThat(DomctlMaxMemDescriptor.maxPages(1024 * 1024)).isEqualTo(262144);
        assertThat(DomctlMaxMemDescriptor.maxPages(7)).as("rounded down").isEqualTo(1);
        assertThat(DomctlMaxMemDescriptor.maxPages(3)).isZero();
    }

    @Test
    void schedulerIdsAreThoseOfDomctlHeader() {
        assertThat(XenSchedulerId.XEN_SCHEDULER_CREDIT.code).isEqualTo(5);
        assertThat(XenSchedulerId.XEN_SCHEDULER_CREDIT2.code).isEqualTo(6);
        assertThat(XenSchedulerId.XEN_SCHEDULER_ARINC653.code).isEqualTo(7);
        assertThat(XenSchedulerId.XEN_SCHEDULER_RTDS.code).isEqualTo(8);
        assertThat(XenSchedulerId.XEN_SCHEDULER_NULL.code).isEqualTo(9);
        assertThat(XenSchedulerId.ofCode(4)).as("SEDF was removed").isNull();
        assertThat(XenSchedulerId.ofCode(10)).isNull();
    }

    @Test
    void sysctlNeedsItsInterfaceVersionAndPhysCapsHaveXensBits() {
        assertThat(SysctlDescriptor.isValidInterfaceVersion(0x16)).isTrue();
        assertThat(SysctlDescriptor.isValidInterfaceVersion(0x15)).isFalse();
        assertThat(SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_pv).isEqualTo(2);
        assertThat(SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_gnttab_v2).isEqualTo(512);
        assertThat(SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_MAX)
                .isEqualTo(SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_gnttab_v2);
    }
}
