package org.pvsim.guest.hypercall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.VgcfFlags;

class VcpuContextImageTest {
    @Test
    void startsAVcpuInItsKernelWithTheKernelsL4() {
        byte[] c = VcpuContextImage.kernelEntry(
                0xFFFF_8800_0000_0000L, 0xFFFF_8800_0001_0000L, 7, 1234, VgcfFlags.VGCF_in_kernel);
        assertThat(c).hasSize(VcpuGuestContextDescriptor.SIZE);
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.FLAGS_OFFSET))
                .isEqualTo(VgcfFlags.VGCF_in_kernel);
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.USER_REGS_RIP_OFFSET))
                .isEqualTo(0xFFFF_8800_0000_0000L);
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.USER_REGS_RSP_OFFSET))
                .isEqualTo(0xFFFF_8800_0001_0000L);
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.KERNEL_SP_OFFSET))
                .isEqualTo(0xFFFF_8800_0001_0000L);
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.USER_REGS_RSI_OFFSET))
                .isEqualTo(7);
        assertThat(LittleEndian.getU16(c, VcpuGuestContextDescriptor.USER_REGS_CS_OFFSET))
                .isEqualTo(0xe033);
        assertThat(LittleEndian.getU16(c, VcpuGuestContextDescriptor.USER_REGS_SS_OFFSET))
                .isEqualTo(0xe02b);
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.KERNEL_SS_OFFSET))
                .isEqualTo(0xe02b);
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.ctrlregOffset(3)))
                .isEqualTo(VcpuGuestContextDescriptor.xenPfnToCr3(1234));
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.ctrlregOffset(1)))
                .isZero();
        assertThat(LittleEndian.getI64(c, VcpuGuestContextDescriptor.USER_REGS_RFLAGS_OFFSET) & (1 << 9))
                .isNotZero();
    }
}
