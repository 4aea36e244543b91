package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sizes and constants Xen's headers state in their text, checked against the Descriptors. */
class DocumentedSizesAndVersionsTest {

    @Test
    void vcpuInfoIs64BytesAsXenHeaderStates() {
        assertThat(VcpuInfoDescriptor.SIZE).isEqualTo(64);
        assertThat(VcpuInfoDescriptor.LAYOUT.size()).isEqualTo(64);
    }

    @Test
    void vcpuTimeInfoIs32BytesAsXenHeaderStates() {
        assertThat(VcpuTimeInfoDescriptor.SIZE).isEqualTo(32);
        assertThat(VcpuInfoDescriptor.TIME_OFFSET + VcpuTimeInfoDescriptor.SIZE).isEqualTo(VcpuInfoDescriptor.SIZE);
    }

    @Test
    void sharedInfoHoldsVcpuInfoFor32VcpusAnd4096PortsWithinOnePage() {
        assertThat(SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS).isEqualTo(32);
        assertThat(SharedInfoDescriptor.EVTCHN_PENDING_OFFSET).isEqualTo(32 * 64);
        assertThat(SharedInfoDescriptor.EVTCHN_2L_NR_CHANNELS).isEqualTo(4096);
        assertThat(SharedInfoDescriptor.SIZE).isLessThanOrEqualTo(X86Paging.PAGE_SIZE);
    }

    @Test
    void startInfoHasA1024ByteCommandLineAndFitsInOnePage() {
        assertThat(StartInfoDescriptor.MAX_GUEST_CMDLINE).isEqualTo(1024);
        assertThat(StartInfoDescriptor.FIRST_P2M_PFN_OFFSET - StartInfoDescriptor.CMD_LINE_OFFSET)
                .isEqualTo(1024);
        assertThat(StartInfoDescriptor.SIZE).isEqualTo(1168).isLessThanOrEqualTo(X86Paging.PAGE_SIZE);
    }

    @Test
    void vcpuGuestContextIs5168BytesWithTheRegistersAt520() {
        assertThat(VcpuGuestContextDescriptor.SIZE).isEqualTo(5168);
        assertThat(VcpuGuestContextDescriptor.USER_REGS_OFFSET).isEqualTo(520);
        assertThat(VcpuGuestContextDescriptor.USER_REGS_RIP_OFFSET).isEqualTo(648);
        assertThat(VcpuGuestContextDescriptor.USER_REGS_RSP_OFFSET).isEqualTo(672);
        assertThat(VcpuGuestContextDescriptor.USER_REGS_RSI_OFFSET).isEqualTo(624);
        assertThat(VcpuGuestContextDescriptor.TRAP_CTXT_OFFSET)
                .isEqualTo(VcpuGuestContextDescriptor.USER_REGS_OFFSET + CpuUserRegsDescriptor.SIZE);
        assertThat(CpuUserRegsDescriptor.SIZE).isEqualTo(200);
    }

    @Test
    void multicallEntryCarriesSixArgumentWordsInTheGuestView() {
        assertThat(MulticallEntryDescriptor.NR_ARGS).isEqualTo(6);
        assertThat(MulticallEntryDescriptor.SIZE).isEqualTo(16 + 6 * 8);
    }

    @Test
    void domctlAndSysctlUnionsArePaddedTo128Bytes() {
        assertThat(DomctlDescriptor.U_SIZE).isEqualTo(128);
        assertThat(DomctlDescriptor.SIZE).isEqualTo(DomctlDescriptor.U_OFFSET + 128);
        assertThat(SysctlDescriptor.U_SIZE).isEqualTo(128);
        assertThat(SysctlDescriptor.SIZE).isEqualTo(SysctlDescriptor.U_OFFSET + 128);
    }

    @Test
    void interfaceVersionsAreThoseOfTheHeaders() {
        assertThat(DomctlDescriptor.XEN_DOMCTL_INTERFACE_VERSION).isEqualTo(0x18);
        assertThat(SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION).isEqualTo(0x16);
    }

    @Test
    void xenVersionBuffersHaveTheHeaderSizes() {
        assertThat(XenVersionBuffers.XEN_EXTRAVERSION_LEN).isEqualTo(16);
        assertThat(XenVersionBuffers.XEN_CAPABILITIES_INFO_LEN).isEqualTo(1024);
        assertThat(XenVersionBuffers.XEN_CHANGESET_INFO_LEN).isEqualTo(64);
        assertThat(XenVersionBuffers.XEN_COMMANDLINE_LEN).isEqualTo(1024);
        assertThat(XenCompileInfoDescriptor.SIZE).isEqualTo(64 + 16 + 32 + 32);
    }

    @Test
    void getDomainInfoEntryIs112BytesTheStrideOfTheSysctlList() {
        assertThat(DomctlGetDomainInfoDescriptor.SIZE).isEqualTo(112);
        assertThat(SysctlGetDomainInfoListDescriptor.bufferEntryOffset(3, 4)).isEqualTo(336);
    }
}
