package org.pvsim.hypervisor.abi;

/**
 * {@code struct vcpu_guest_context} for a 64-bit PV guest ({@code xen/include/public/arch-x86/xen.h}, registers from
 * {@code arch-x86/xen-x86_64.h}): the whole initial or saved state of a vCPU, as {@code VCPUOP_initialise} and {@code
 * XEN_DOMCTL_setvcpucontext}/{@code getvcpucontext} pass it. 5168 bytes on x86-64.
 *
 * <p>It holds the FPU state (512 bytes, FXSAVE format, first so it can be 16-aligned), {@code flags} ({@link
 * VgcfFlags}), the registers ({@code user_regs}, see {@link CpuUserRegsDescriptor}), the virtual IDT ({@code
 * trap_ctxt}, 256 {@link TrapInfoDescriptor} entries), LDT and GDT, the kernel stack ({@code kernel_ss}/{@code
 * kernel_sp}), the control registers (CR3 in {@code ctrlreg[3]} as {@link #xenPfnToCr3(long)} encodes it, the user
 * page table of a 64-bit guest in {@code ctrlreg[1]}), the debug registers, the event, failsafe and syscall callback
 * entry points, the {@code vm_assist} bitmap, and the FS/GS segment bases.
 */
public final class VcpuGuestContextDescriptor {
    /** {@code struct { char x[512]; } fpu_ctxt}: FXSAVE image. */
    public static final int FPU_CTXT_OFFSET = 0;
    /** {@code unsigned long flags}: {@link VgcfFlags}. */
    public static final int FLAGS_OFFSET = 512;
    /**
     * {@code struct cpu_user_regs user_regs}. The {@code USER_REGS_<REGISTER>_OFFSET} constants that follow locate
     * each of its fields ({@link CpuUserRegsDescriptor}) in the whole context.
     */
    public static final int USER_REGS_OFFSET = 520;

    public static final int USER_REGS_R15_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R15_OFFSET;
    public static final int USER_REGS_R14_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R14_OFFSET;
    public static final int USER_REGS_R13_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R13_OFFSET;
    public static final int USER_REGS_R12_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R12_OFFSET;
    public static final int USER_REGS_RBP_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RBP_OFFSET;
    public static final int USER_REGS_RBX_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RBX_OFFSET;
    public static final int USER_REGS_R11_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R11_OFFSET;
    public static final int USER_REGS_R10_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R10_OFFSET;
    public static final int USER_REGS_R9_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R9_OFFSET;
    public static final int USER_REGS_R8_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.R8_OFFSET;
    public static final int USER_REGS_RAX_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RAX_OFFSET;
    public static final int USER_REGS_RCX_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RCX_OFFSET;
    public static final int USER_REGS_RDX_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RDX_OFFSET;
    public static final int USER_REGS_RSI_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RSI_OFFSET;
    public static final int USER_REGS_RDI_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RDI_OFFSET;
    public static final int USER_REGS_ERROR_CODE_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.ERROR_CODE_OFFSET;
    public static final int USER_REGS_ENTRY_VECTOR_OFFSET =
            USER_REGS_OFFSET + CpuUserRegsDescriptor.ENTRY_VECTOR_OFFSET;
    public static final int USER_REGS_RIP_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RIP_OFFSET;
    public static final int USER_REGS_CS_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.CS_OFFSET;
    public static final int USER_REGS_SAVED_UPCALL_MASK_OFFSET =
            USER_REGS_OFFSET + CpuUserRegsDescriptor.SAVED_UPCALL_MASK_OFFSET;
    public static final int USER_REGS_RFLAGS_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RFLAGS_OFFSET;
    public static final int USER_REGS_RSP_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.RSP_OFFSET;
    public static final int USER_REGS_SS_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.SS_OFFSET;
    public static final int USER_REGS_ES_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.ES_OFFSET;
    public static final int USER_REGS_DS_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.DS_OFFSET;
    public static final int USER_REGS_FS_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.FS_OFFSET;
    public static final int USER_REGS_GS_OFFSET = USER_REGS_OFFSET + CpuUserRegsDescriptor.GS_OFFSET;
    /** {@code struct trap_info trap_ctxt[256]}: the virtual IDT. */
    public static final int TRAP_CTXT_OFFSET = 720;
    /** {@code unsigned long ldt_base}: linear address of the LDT. */
    public static final int LDT_BASE_OFFSET = 4816;
    /** {@code unsigned long ldt_ents}: entries in the LDT. */
    public static final int LDT_ENTS_OFFSET = 4824;
    /** {@code unsigned long gdt_frames[16]}: machine frames of the GDT. */
    public static final int GDT_FRAMES_OFFSET = 4832;
    /** {@code unsigned long gdt_ents}: entries in the GDT. */
    public static final int GDT_ENTS_OFFSET = 4960;
    /** {@code unsigned long kernel_ss}: kernel stack segment (the virtual TSS's SS1). */
    public static final int KERNEL_SS_OFFSET = 4968;
    /** {@code unsigned long kernel_sp}: kernel stack pointer (the virtual TSS's SP1). */
    public static final int KERNEL_SP_OFFSET = 4976;
    /** {@code unsigned long ctrlreg[8]}: CR0-CR7. */
    public static final int CTRLREG_OFFSET = 4984;
    /** {@code unsigned long debugreg[8]}: DR0-DR7. */
    public static final int DEBUGREG_OFFSET = 5048;
    /** {@code unsigned long event_callback_eip}: entry point of event upcalls. */
    public static final int EVENT_CALLBACK_EIP_OFFSET = 5112;
    /** {@code unsigned long failsafe_callback_eip}: entry point when Xen cannot return to the guest. */
    public static final int FAILSAFE_CALLBACK_EIP_OFFSET = 5120;
    /** {@code unsigned long syscall_callback_eip}: entry point of the SYSCALL instruction from user mode. */
    public static final int SYSCALL_CALLBACK_EIP_OFFSET = 5128;
    /** {@code unsigned long vm_assist}: bitmap of enabled {@code VMASST_TYPE_*}. */
    public static final int VM_ASSIST_OFFSET = 5136;
    /** {@code uint64_t fs_base}. */
    public static final int FS_BASE_OFFSET = 5144;
    /** {@code uint64_t gs_base_kernel}. */
    public static final int GS_BASE_KERNEL_OFFSET = 5152;
    /** {@code uint64_t gs_base_user}. */
    public static final int GS_BASE_USER_OFFSET = 5160;
    /** {@code sizeof(struct vcpu_guest_context)} on x86-64. */
    public static final int SIZE = 5168;

    /** Bytes of FPU state. */
    public static final int FPU_CTXT_SIZE = 512;
    /** Entries in {@code trap_ctxt}: one per vector. */
    public static final int NR_TRAP_CTXT = 256;
    /** Entries in {@code gdt_frames}. */
    public static final int NR_GDT_FRAMES = 16;
    /** Entries in {@code ctrlreg}. */
    public static final int NR_CTRLREG = 8;
    /** Entries in {@code debugreg}. */
    public static final int NR_DEBUGREG = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("vcpu_guest_context")
            .field("fpu_ctxt", FPU_CTXT_OFFSET, new CType("struct { char x[512]; }", FPU_CTXT_SIZE, 1))
            .field("flags", FLAGS_OFFSET, CType.ULONG)
            .embed("user_regs", USER_REGS_OFFSET, CpuUserRegsDescriptor.LAYOUT)
            .field(
                    "trap_ctxt",
                    TRAP_CTXT_OFFSET,
                    TrapInfoDescriptor.LAYOUT.type().array(NR_TRAP_CTXT))
            .field("ldt_base", LDT_BASE_OFFSET, CType.ULONG)
            .field("ldt_ents", LDT_ENTS_OFFSET, CType.ULONG)
            .field("gdt_frames", GDT_FRAMES_OFFSET, CType.ULONG.array(NR_GDT_FRAMES))
            .field("gdt_ents", GDT_ENTS_OFFSET, CType.ULONG)
            .field("kernel_ss", KERNEL_SS_OFFSET, CType.ULONG)
            .field("kernel_sp", KERNEL_SP_OFFSET, CType.ULONG)
            .field("ctrlreg", CTRLREG_OFFSET, CType.ULONG.array(NR_CTRLREG))
            .field("debugreg", DEBUGREG_OFFSET, CType.ULONG.array(NR_DEBUGREG))
            .field("event_callback_eip", EVENT_CALLBACK_EIP_OFFSET, CType.ULONG)
            .field("failsafe_callback_eip", FAILSAFE_CALLBACK_EIP_OFFSET, CType.ULONG)
            .field("syscall_callback_eip", SYSCALL_CALLBACK_EIP_OFFSET, CType.ULONG)
            .field("vm_assist", VM_ASSIST_OFFSET, CType.ULONG)
            .field("fs_base", FS_BASE_OFFSET, CType.UINT64)
            .field("gs_base_kernel", GS_BASE_KERNEL_OFFSET, CType.UINT64)
            .field("gs_base_user", GS_BASE_USER_OFFSET, CType.UINT64)
            .build(SIZE);

    private VcpuGuestContextDescriptor() {}

    /**
     * The offset of {@code trap_ctxt[vector]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= vector < 256}
     */
    public static int trapCtxtOffset(int vector) {
        return TRAP_CTXT_OFFSET
                + TrapInfoDescriptor.SIZE
                        * ArrayIndex.check("vcpu_guest_context.trap_ctxt", vector, NR_TRAP_CTXT, "vectors");
    }

    /**
     * The offset of {@code gdt_frames[index]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < 16}
     */
    public static int gdtFrameOffset(int index) {
        return GDT_FRAMES_OFFSET
                + 8 * ArrayIndex.check("vcpu_guest_context.gdt_frames", index, NR_GDT_FRAMES, "NR_GDT_FRAMES");
    }

    /**
     * The offset of {@code ctrlreg[n]} (CR{@code n}).
     *
     * @throws IllegalArgumentException unless {@code 0 <= n < 8}
     */
    public static int ctrlregOffset(int n) {
        return CTRLREG_OFFSET + 8 * ArrayIndex.check("vcpu_guest_context.ctrlreg", n, NR_CTRLREG, "CR0-CR7");
    }

    /**
     * The offset of {@code debugreg[n]} (DR{@code n}).
     *
     * @throws IllegalArgumentException unless {@code 0 <= n < 8}
     */
    public static int debugregOffset(int n) {
        return DEBUGREG_OFFSET + 8 * ArrayIndex.check("vcpu_guest_context.debugreg", n, NR_DEBUGREG, "DR0-DR7");
    }

    /** The CR3 value for a page-table base frame on x86-64: the frame shifted to a page address ({@code xen_pfn_to_cr3}). */
    public static long xenPfnToCr3(long pfn) {
        return pfn << 12;
    }

    /** The page-table base frame in a CR3 value on x86-64 ({@code xen_cr3_to_pfn}). */
    public static long xenCr3ToPfn(long cr3) {
        return cr3 >>> 12;
    }
}
