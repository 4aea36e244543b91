package org.pvsim.hypervisor.lifecycle;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.TrapInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.VgcfFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.mm.PageTypes;
import org.pvsim.hypervisor.paging.GuestMemoryAccess;

/**
 * {@code arch_set_info_guest} for a 64-bit PV vCPU ({@code xen/arch/x86/domain.c}): loads a
 * {@code vcpu_guest_context} given by {@code VCPUOP_initialise} or {@code XEN_DOMCTL_setvcpucontext}.
 *
 * <p>The checks are Xen's, each {@code -EINVAL}: {@code debugreg[6]} and {@code [7]} fit in 32 bits; breakpoints
 * {@code debugreg[0..3]} are guest addresses; RIP, RSP, the kernel stack, the FS/GS bases, the three callbacks and
 * every trap handler are canonical; the LDT base is a page-aligned guest address (canonical if it has entries) with
 * at most 8192 entries; vCPU 0's {@code vm_assist} names only types a 64-bit PV guest has; the GDT fits in 16
 * frames and, for a vCPU not yet initialised, below Xen's reserved entries. A vCPU not yet initialised must start in kernel mode or name a user L4 ({@code ctrlreg[1]}); its kernel L4
 * ({@code ctrlreg[3]}) and user L4 then take a general and a root type reference (the error of that, {@code -EINVAL}
 * for a frame that is not the domain's). An initialised vCPU keeps its page tables, GDT and LDT: a context naming
 * others is {@code -EOPNOTSUPP}. Last, {@code VGCF_online} brings the vCPU up, its absence takes it down.
 *
 * <p>pvsim keeps RIP, RSP and RSI, the page-table bases and the LDT size and base it compares; the rest of the
 * context is checked but not modelled. It does not model descriptor tables: a GDT's frames are not validated or
 * referenced ({@code pv_set_gdt} would take {@code PGT_seg_desc_page} references on them).
 */
public final class VcpuContextLoader {
    /** {@code PV64_VM_ASSIST_MASK}: VMASST types 0-5 and {@code VMASST_TYPE_m2p_strict} (32). */
    static final long PV64_VM_ASSIST_MASK = 0x3FL | (1L << 32);
    /** Most GDT frames a context may name ({@code ARRAY_SIZE(gdt_frames)}). */
    static final int MAX_GDT_FRAMES = VcpuGuestContextDescriptor.NR_GDT_FRAMES;
    /** The first GDT entry Xen reserves ({@code FIRST_RESERVED_GDT_ENTRY}: page 14 of the GDT). */
    static final int FIRST_RESERVED_GDT_ENTRY = 14 * 512;
    /** Most LDT entries ({@code MMUEXT_SET_LDT}'s limit too). */
    static final int MAX_LDT_ENTRIES = 8192;

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
        long flags = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.FLAGS_OFFSET);
        long ldtBase = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.LDT_BASE_OFFSET);
        long ldtEnts = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.LDT_ENTS_OFFSET);
        long gdtEnts = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.GDT_ENTS_OFFSET);
        if (!checkRegisters(v, ctx, ldtBase, ldtEnts, gdtEnts)) {
            return Errno.EINVAL.neg();
        }
        long cr3 = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.ctrlregOffset(3));
        long cr1 = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.ctrlregOffset(1));
        if (!v.isInitialised()) {
            if ((flags & VgcfFlags.VGCF_in_kernel) == 0 && cr1 == 0) {
                return Errno.EINVAL.neg();
            }
            if (gdtEnts > FIRST_RESERVED_GDT_ENTRY) {
                // pv_set_gdt: the top of the GDT is Xen's
                return Errno.EINVAL.neg();
            }
            int domid = v.domain().domid();
            long l4 = VcpuGuestContextDescriptor.xenCr3ToPfn(cr3);
            int rc = types.getPageAndTypeFromMfn(l4, PageType.PGT_root_page_table, domid);
            if (rc != 0) {
                return rc;
            }
            long userL4 = Vcpu.NO_BASE;
            if (cr1 != 0) {
                userL4 = VcpuGuestContextDescriptor.xenCr3ToPfn(cr1);
                rc = types.getPageAndTypeFromMfn(userL4, PageType.PGT_root_page_table, domid);
                if (rc != 0) {
                    types.putPageAndType(l4);
                    return rc;
                }
            }
            v.setGuestTable(l4);
            v.setGuestTableUser(userL4);
            v.setLdt(ldtEnts != 0 ? ldtBase : 0, ldtEnts);
            long[] gdt = new long[MAX_GDT_FRAMES];
            for (int i = 0; i < gdt.length; i++) {
                gdt[i] = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.gdtFrameOffset(i));
            }
            v.setGdt(gdtEnts, gdt);
            v.setInitialised(true);
        } else if (!sameTablesAsLoaded(v, ctx, flags, cr3, cr1, ldtBase, ldtEnts, gdtEnts)) {
            return Errno.EOPNOTSUPP.neg();
        }
        v.setContext(rip, rsp, rsi);
        v.eventCallbackEip = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.EVENT_CALLBACK_EIP_OFFSET);
        v.failsafeCallbackEip = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.FAILSAFE_CALLBACK_EIP_OFFSET);
        v.syscallCallbackEip = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.SYSCALL_CALLBACK_EIP_OFFSET);
        v.vgcFlags = (int) flags & (VgcfFlags.VGCF_failsafe_disables_events | VgcfFlags.VGCF_syscall_disables_events);
        if ((flags & VgcfFlags.VGCF_online) != 0) {
            lifecycle.vcpuUp(v, at);
        } else {
            lifecycle.vcpuDown(v, at);
        }
        return 0;
    }

    /**
     * {@code vcpu_reset} ({@code xen/common/domain.c}; {@code arch_vcpu_reset} for PV): the vCPU drops its page-table
     * bases ({@code vcpu_destroy_pagetables}) and GDT, goes offline and is no longer initialised, so a new context
     * can be loaded. {@code XEN_DOMCTL_setvcpucontext} with a null context does this.
     *
     * @return 0
     */
    public int reset(Vcpu v, long at) {
        lifecycle.pauseVcpu(v, at);
        long base = v.guestTable();
        if (base != Vcpu.NO_BASE) {
            v.setGuestTable(Vcpu.NO_BASE);
            types.putPageAndType(base);
        }
        long user = v.guestTableUser();
        if (user != Vcpu.NO_BASE) {
            v.setGuestTableUser(Vcpu.NO_BASE);
            types.putPageAndType(user);
        }
        v.setGdt(0, new long[MAX_GDT_FRAMES]);
        lifecycle.vcpuDown(v, at);
        v.setInitialised(false);
        v.setPauseFlag(Vcpu.VPF_blocked, false);
        lifecycle.unpauseVcpu(v, at);
        return 0;
    }

    /** The register checks of {@code arch_set_info_guest} that come before the page tables. */
    private static boolean checkRegisters(Vcpu v, byte[] ctx, long ldtBase, long ldtEnts, long gdtEnts) {
        long dr6 = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.debugregOffset(6));
        long dr7 = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.debugregOffset(7));
        if ((dr6 >>> 32) != 0 || (dr7 >>> 32) != 0) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (!GuestMemoryAccess.addrOk(LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.debugregOffset(i)))) {
                return false;
            }
        }
        for (int offset : CANONICAL_FIELDS) {
            if (!X86Paging.isCanonical(LittleEndian.getI64(ctx, offset))) {
                return false;
            }
        }
        if (ldtEnts != 0 && !X86Paging.isCanonical(ldtBase)) {
            return false;
        }
        for (int vector = 0; vector < VcpuGuestContextDescriptor.NR_TRAP_CTXT; vector++) {
            long handler = LittleEndian.getI64(
                    ctx, VcpuGuestContextDescriptor.trapCtxtOffset(vector) + TrapInfoDescriptor.ADDRESS_OFFSET);
            if (!X86Paging.isCanonical(handler)) {
                return false;
            }
        }
        if (!GuestMemoryAccess.addrOk(ldtBase)
                || (ldtBase & (X86Paging.PAGE_SIZE - 1)) != 0
                || Long.compareUnsigned(ldtEnts, MAX_LDT_ENTRIES) > 0) {
            return false;
        }
        long vmAssist = LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.VM_ASSIST_OFFSET);
        if (v.vcpuId() == 0 && (vmAssist & ~PV64_VM_ASSIST_MASK) != 0) {
            return false;
        }
        return Long.compareUnsigned(gdtEnts, (long) MAX_GDT_FRAMES * 512) <= 0;
    }

    /** The context fields that must be canonical addresses. */
    private static final int[] CANONICAL_FIELDS = {
        VcpuGuestContextDescriptor.USER_REGS_RIP_OFFSET,
        VcpuGuestContextDescriptor.USER_REGS_RSP_OFFSET,
        VcpuGuestContextDescriptor.KERNEL_SP_OFFSET,
        VcpuGuestContextDescriptor.FS_BASE_OFFSET,
        VcpuGuestContextDescriptor.GS_BASE_KERNEL_OFFSET,
        VcpuGuestContextDescriptor.GS_BASE_USER_OFFSET,
        VcpuGuestContextDescriptor.EVENT_CALLBACK_EIP_OFFSET,
        VcpuGuestContextDescriptor.SYSCALL_CALLBACK_EIP_OFFSET,
        VcpuGuestContextDescriptor.FAILSAFE_CALLBACK_EIP_OFFSET
    };

    /**
     * For an initialised vCPU: whether the context names the page tables, GDT and LDT it already has (Xen refuses to
     * change them this way).
     */
    private static boolean sameTablesAsLoaded(
            Vcpu v, byte[] ctx, long flags, long cr3, long cr1, long ldtBase, long ldtEnts, long gdtEnts) {
        long base = v.guestTable() == Vcpu.NO_BASE ? 0 : v.guestTable();
        if (VcpuGuestContextDescriptor.xenPfnToCr3(base) != cr3) {
            return false;
        }
        if (v.guestTableUser() == Vcpu.NO_BASE) {
            if (cr1 != 0 || (flags & VgcfFlags.VGCF_in_kernel) == 0) {
                return false;
            }
        } else if (VcpuGuestContextDescriptor.xenPfnToCr3(v.guestTableUser()) != cr1) {
            return false;
        }
        if (v.gdtEnts() != gdtEnts) {
            return false;
        }
        int frames = (int) ((gdtEnts + 511) / 512);
        for (int i = 0; i < frames; i++) {
            if (v.gdtFrame(i) != LittleEndian.getI64(ctx, VcpuGuestContextDescriptor.gdtFrameOffset(i))) {
                return false;
            }
        }
        return v.ldtEnts() == ldtEnts && (ldtEnts == 0 || v.ldtBase() == ldtBase);
    }
}
