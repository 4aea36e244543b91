package org.pvsim.hypervisor.lifecycle;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.VgcfFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.mm.PageTypes;

/**
 * {@code arch_set_info_guest} for a 64-bit PV vCPU ({@code xen/arch/x86/domain.c}): loads a
 * {@code vcpu_guest_context} given by {@code VCPUOP_initialise} or {@code XEN_DOMCTL_setvcpucontext}.
 *
 * <p>Addresses must be canonical. For a vCPU not yet initialised, {@code ctrlreg[3]} names the kernel L4, which
 * takes a general and a root type reference ({@code -EINVAL} if it is not the domain's or cannot be an L4), and
 * {@code ctrlreg[1]} optionally the user L4. An initialised vCPU keeps its page tables. Last, {@code VGCF_online}
 * brings the vCPU up, its absence takes it down. pvsim keeps RIP, RSP and RSI; the rest of the context (segments,
 * trap table, debug registers) is checked but not modelled.
 */
public final class VcpuContextLoader {
    private final PageTypes types;
    private final DomainLifecycle lifecycle;

    public VcpuContextLoader(PageTypes types, DomainLifecycle lifecycle) {
        this.types = types;
        this.lifecycle = lifecycle;
    }

    /**
     * Loads {@code ctx} (a {@link VcpuGuestContextDescriptor#SIZE}-byte image) into {@code v}.
     *
     * @return 0, {@code -EINVAL} for a non-canonical address or a bad page-table base
     */
    public int load(Vcpu v, byte[] ctx, long at) {
        long rip = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.USER_REGS_RIP_OFFSET);
        long rsp = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.USER_REGS_RSP_OFFSET);
        long rsi = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.USER_REGS_RSI_OFFSET);
        long kernelSp = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.KERNEL_SP_OFFSET);
        long eventCallback = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.EVENT_CALLBACK_EIP_OFFSET);
        long failsafeCallback = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.FAILSAFE_CALLBACK_EIP_OFFSET);
        long syscallCallback = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.SYSCALL_CALLBACK_EIP_OFFSET);
        long flags = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.FLAGS_OFFSET);
        if (!X86Paging.isCanonical(rip)
                || !X86Paging.isCanonical(rsp)
                || !X86Paging.isCanonical(kernelSp)
                || !X86Paging.isCanonical(eventCallback)
                || !X86Paging.isCanonical(failsafeCallback)
                || !X86Paging.isCanonical(syscallCallback)) {
            return Errno.EINVAL.neg();
        }
        long cr3 = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.ctrlregOffset(3));
        long cr1 = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.ctrlregOffset(1));
        if (!v.isInitialised()) {
            if ((flags & VgcfFlags.VGCF_in_kernel) == 0 && cr1 == 0) {
                return Errno.EINVAL.neg();
            }
            int domid = v.domain().domid();
            long l4 = VcpuGuestContextDescriptor.xenCr3ToPfn(cr3);
            int rc = types.getPageAndTypeFromMfn(l4, PageType.PGT_root_page_table, domid);
            if (rc != 0) {
                return Errno.EINVAL.neg();
            }
            long userL4 = Vcpu.NO_BASE;
            if (cr1 != 0) {
                userL4 = VcpuGuestContextDescriptor.xenCr3ToPfn(cr1);
                rc = types.getPageAndTypeFromMfn(userL4, PageType.PGT_root_page_table, domid);
                if (rc != 0) {
                    types.putPageAndType(l4);
                    return Errno.EINVAL.neg();
                }
            }
            v.setGuestTable(l4);
            v.setGuestTableUser(userL4);
            v.setInitialised(true);
        } else {
            long current = v.guestTable() == Vcpu.NO_BASE ? -1 : v.guestTable();
            if (VcpuGuestContextDescriptor.xenCr3ToPfn(cr3) != current) {
                return Errno.EOPNOTSUPP.neg();
            }
        }
        v.setContext(rip, rsp, rsi);
        if ((flags & VgcfFlags.VGCF_online) != 0) {
            lifecycle.vcpuUp(v, at);
        } else {
            lifecycle.vcpuDown(v, at);
        }
        return 0;
    }
}
