package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The value rules and encodings of the guest-facing structures: start_info, vCPU state, hypercall arguments. */
class GuestInterfaceRulesTest {

    @Test
    void startInfoMagicHasTheXenFormat() {
        assertThat(StartInfoDescriptor.magic(3, 0))
                .isEqualTo("xen-3.0-x86_64")
                .isEqualTo(StartInfoDescriptor.MAGIC_X86_64);
        assertThat(StartInfoDescriptor.magic(4, 23)).isEqualTo("xen-4.23-x86_64");
        assertThat(StartInfoDescriptor.isValidMagic("xen-3.0-x86_64")).isTrue();
        assertThat(StartInfoDescriptor.isValidMagic("xen-3.0-x86_32p")).isFalse();
        assertThat(StartInfoDescriptor.isValidMagic("xen-3-x86_64")).isFalse();
        assertThat(StartInfoDescriptor.isValidMagic("xen-03.0-x86_64")).isFalse();
        assertThat(StartInfoDescriptor.isValidMagic(null)).isFalse();
    }

    @Test
    void startInfoMagicMustFitIn32BytesWithItsNul() {
        assertThat(StartInfoDescriptor.isValidMagic("xen-1234567890.123456-x86_64"))
                .isTrue();
        assertThat(StartInfoDescriptor.isValidMagic("xen-1234567890.1234567890-x86_64"))
                .isFalse();
        assertThatThrownBy(() -> StartInfoDescriptor.magic(Integer.MAX_VALUE, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 31 characters")
                .hasMessageContaining("got 32");
        assertThatThrownBy(() -> StartInfoDescriptor.magic(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("start_info magic: version numbers must be >= 0, got -1.0");
    }

    @Test
    void startInfoFlagsHaveXensBits() {
        assertThat(StartInfoFlags.SIF_PRIVILEGED).isEqualTo(1);
        assertThat(StartInfoFlags.SIF_INITDOMAIN).isEqualTo(2);
        assertThat(StartInfoFlags.SIF_MULTIBOOT_MOD).isEqualTo(4);
        assertThat(StartInfoFlags.SIF_MOD_START_PFN).isEqualTo(8);
        assertThat(StartInfoFlags.SIF_VIRT_P2M_4TOOLS).isEqualTo(16);
        assertThat(StartInfoFlags.SIF_PM_MASK).isEqualTo(0xFF00);
    }

    @Test
    void cr3EncodesTheFrameAsAPageAddress() {
        assertThat(VcpuGuestContextDescriptor.xenPfnToCr3(0x1234)).isEqualTo(0x1234000L);
        assertThat(VcpuGuestContextDescriptor.xenCr3ToPfn(0x1234FFFL)).isEqualTo(0x1234);
        assertThat(VcpuGuestContextDescriptor.xenCr3ToPfn(VcpuGuestContextDescriptor.xenPfnToCr3(0xF_FFFF_FFFFL)))
                .isEqualTo(0xF_FFFF_FFFFL);
    }

    @Test
    void vgcfFlagsHaveXensBits() {
        assertThat(VgcfFlags.VGCF_i387_valid).isEqualTo(1);
        assertThat(VgcfFlags.VGCF_in_kernel).isEqualTo(4);
        assertThat(VgcfFlags.VGCF_failsafe_disables_events).isEqualTo(8);
        assertThat(VgcfFlags.VGCF_syscall_disables_events).isEqualTo(16);
        assertThat(VgcfFlags.VGCF_online).isEqualTo(32);
        assertThat(VgcfFlags.VGCF_in_syscall).isEqualTo(256);
    }

    @Test
    void timeInfoVersionIsOddDuringAnUpdate() {
        assertThat(VcpuTimeInfoDescriptor.isUpdateInProgress(7)).isTrue();
        assertThat(VcpuTimeInfoDescriptor.isUpdateInProgress(8)).isFalse();
        assertThat(VcpuRunstateInfoDescriptor.XEN_RUNSTATE_UPDATE).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void uvmFlagsSplitIntoFlushTypeAndTarget() {
        assertThat(UvmFlags.UVMF_NONE).isZero();
        assertThat(UvmFlags.UVMF_TLB_FLUSH).isEqualTo(1);
        assertThat(UvmFlags.UVMF_INVLPG).isEqualTo(2);
        assertThat(UvmFlags.UVMF_FLUSHTYPE_MASK).isEqualTo(3);
        assertThat(UvmFlags.UVMF_MULTI).isZero();
        assertThat(UvmFlags.UVMF_LOCAL).isZero();
        assertThat(UvmFlags.UVMF_ALL).isEqualTo(4);

        long multi = 0x7000_1000L | UvmFlags.UVMF_INVLPG;
        assertThat(UvmFlags.flushType(multi)).isEqualTo(UvmFlags.UVMF_INVLPG);
        assertThat(UvmFlags.target(multi)).isEqualTo(0x7000_1000L);
        assertThat(UvmFlags.target(UvmFlags.UVMF_ALL | UvmFlags.UVMF_TLB_FLUSH)).isEqualTo(UvmFlags.UVMF_ALL);
    }

    @Test
    void mmuUpdatePtrCarriesTheCommandInItsLowBits() {
        long ptr = 0x1_2345_6008L | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code;

        assertThat(MmuUpdateDescriptor.cmd(ptr)).isEqualTo(MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code);
        assertThat(MmuUpdateDescriptor.address(ptr)).isEqualTo(0x1_2345_6008L);
        assertThat(MmuUpdateDescriptor.elementOffset(3)).isEqualTo(48);
        assertThatThrownBy(() -> MmuUpdateDescriptor.elementOffset(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mmu_update array index must be >= 0, got -1");
    }

    @Test
    void trapInfoFlagsHoldTheDplAndTheEventMaskBit() {
        assertThat(TrapInfoDescriptor.dpl(0b111)).isEqualTo(3);
        assertThat(TrapInfoDescriptor.disablesEvents(0b100)).isTrue();
        assertThat(TrapInfoDescriptor.disablesEvents(0b011)).isFalse();
    }

    @Test
    void memFlagsCarryAddressBitsAndNodePlusOne() {
        int flags = 32 | XenMemoryReservationDescriptor.nodeFlags(2) | XenMemoryReservationDescriptor.XENMEMF_vnode;

        assertThat(XenMemoryReservationDescriptor.addressBits(flags)).isEqualTo(32);
        assertThat(XenMemoryReservationDescriptor.node(flags)).isEqualTo(2);
        assertThat(XenMemoryReservationDescriptor.node(0)).as("no node given").isEqualTo(0xFF);
        assertThat(XenMemoryReservationDescriptor.XENMEMF_populate_on_demand).isEqualTo(1 << 16);
    }

    @Test
    void shutdownReasonIsTruncatedToEightBitsAsXenDoes() {
        assertThat(SchedShutdownDescriptor.latchedReason(ShutdownReason.SHUTDOWN_reboot.code))
                .isEqualTo(1);
        assertThat(SchedShutdownDescriptor.latchedReason(0x103)).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
    }

    @Test
    void featuresAreBitsOfThirtyTwoBitSubmaps() {
        assertThat(XenFeature.XENFEAT_writable_page_tables.code).isZero();
        assertThat(XenFeature.XENFEAT_mmu_pt_update_preserve_ad.code).isEqualTo(5);
        assertThat(XenFeature.XENFEAT_dom0.code).isEqualTo(11);
        assertThat(XenFeature.XENFEAT_direct_mapped.code).isEqualTo(17);
        assertThat(XenFeature.XENFEAT_dm_msix_all_writes.code).isEqualTo(20);
        assertThat(XenFeature.ofCode(12))
                .as("grant_map_identity is only a comment in features.h")
                .isNull();
        assertThat(XenFeature.XENFEAT_dom0.submapIdx()).isZero();
        assertThat(XenFeature.XENFEAT_dom0.submapBit()).isEqualTo(1 << 11);
        assertThat(XenFeature.XENFEAT_dom0.isSetIn(0x800)).isTrue();
        assertThat(XenFeature.XENFEAT_dom0.isSetIn(0x400)).isFalse();
        assertThat(XenFeatureInfoDescriptor.isValidSubmapIdx(0)).isTrue();
        assertThat(XenFeatureInfoDescriptor.isValidSubmapIdx(1)).isFalse();
    }

    @Test
    void xenVersionPacksMajorAndMinor() {
        assertThat(XenVersionBuffers.version(4, 23)).isEqualTo(0x0004_0017);
        assertThatThrownBy(() -> XenVersionBuffers.version(4, 0x10000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("XENVER_version: major and minor must each be in 0..65535, got 4.65536");
    }
}
