package org.pvsim.hypervisor.abi;

/**
 * {@code struct cpu_user_regs} for x86-64 ({@code xen/include/public/arch-x86/xen-x86_64.h}): the general-purpose
 * registers, RIP, RFLAGS, RSP and the segment selectors of a vCPU, 200 bytes, as they appear in {@code
 * vcpu_guest_context.user_regs}. Offsets here are from the start of this structure; {@link
 * VcpuGuestContextDescriptor} has the same fields relative to the whole context.
 *
 * <p>Registers are listed under their 64-bit names ({@code rax}, {@code rip}, {@code rflags}); Xen's header also lets
 * C code reach their low halves through unions, at the same offsets. {@code error_code} and {@code entry_vector} are
 * private to Xen.
 */
public final class CpuUserRegsDescriptor {
    public static final int R15_OFFSET = 0;
    public static final int R14_OFFSET = 8;
    public static final int R13_OFFSET = 16;
    public static final int R12_OFFSET = 24;
    public static final int RBP_OFFSET = 32;
    public static final int RBX_OFFSET = 40;
    public static final int R11_OFFSET = 48;
    public static final int R10_OFFSET = 56;
    public static final int R9_OFFSET = 64;
    public static final int R8_OFFSET = 72;
    public static final int RAX_OFFSET = 80;
    public static final int RCX_OFFSET = 88;
    public static final int RDX_OFFSET = 96;
    public static final int RSI_OFFSET = 104;
    public static final int RDI_OFFSET = 112;
    /** {@code uint32_t error_code}: private to Xen. */
    public static final int ERROR_CODE_OFFSET = 120;
    /** {@code uint32_t entry_vector}: private to Xen. */
    public static final int ENTRY_VECTOR_OFFSET = 124;

    public static final int RIP_OFFSET = 128;
    /** {@code uint16_t cs}. */
    public static final int CS_OFFSET = 136;
    /** {@code uint16_t _pad0[1]}. */
    public static final int _PAD0_OFFSET = 138;
    /** {@code uint8_t saved_upcall_mask}: the event mask saved on entry ({@code rflags.IF == !saved_upcall_mask}). */
    public static final int SAVED_UPCALL_MASK_OFFSET = 140;
    /** {@code uint8_t _pad1[3]}. */
    public static final int _PAD1_OFFSET = 141;

    public static final int RFLAGS_OFFSET = 144;
    public static final int RSP_OFFSET = 152;
    /** {@code uint16_t ss}, followed by {@code _pad2[3]}. */
    public static final int SS_OFFSET = 160;

    public static final int _PAD2_OFFSET = 162;
    /** {@code uint16_t es}, followed by {@code _pad3[3]}. */
    public static final int ES_OFFSET = 168;

    public static final int _PAD3_OFFSET = 170;
    /** {@code uint16_t ds}, followed by {@code _pad4[3]}. */
    public static final int DS_OFFSET = 176;

    public static final int _PAD4_OFFSET = 178;
    /** {@code uint16_t fs}, followed by {@code _pad5[3]}. */
    public static final int FS_OFFSET = 184;

    public static final int _PAD5_OFFSET = 186;
    /** {@code uint16_t gs}, followed by {@code _pad6[3]}. */
    public static final int GS_OFFSET = 192;

    public static final int _PAD6_OFFSET = 194;
    /** {@code sizeof(struct cpu_user_regs)} on x86-64. */
    public static final int SIZE = 200;

    public static final StructLayout LAYOUT = StructLayout.builder("cpu_user_regs")
            .field("r15", R15_OFFSET, CType.UINT64)
            .field("r14", R14_OFFSET, CType.UINT64)
            .field("r13", R13_OFFSET, CType.UINT64)
            .field("r12", R12_OFFSET, CType.UINT64)
            .field("rbp", RBP_OFFSET, CType.UINT64)
            .field("rbx", RBX_OFFSET, CType.UINT64)
            .field("r11", R11_OFFSET, CType.UINT64)
            .field("r10", R10_OFFSET, CType.UINT64)
            .field("r9", R9_OFFSET, CType.UINT64)
            .field("r8", R8_OFFSET, CType.UINT64)
            .field("rax", RAX_OFFSET, CType.UINT64)
            .field("rcx", RCX_OFFSET, CType.UINT64)
            .field("rdx", RDX_OFFSET, CType.UINT64)
            .field("rsi", RSI_OFFSET, CType.UINT64)
            .field("rdi", RDI_OFFSET, CType.UINT64)
            .field("error_code", ERROR_CODE_OFFSET, CType.UINT32)
            .field("entry_vector", ENTRY_VECTOR_OFFSET, CType.UINT32)
            .field("rip", RIP_OFFSET, CType.UINT64)
            .field("cs", CS_OFFSET, CType.UINT16)
            .field("_pad0", _PAD0_OFFSET, CType.UINT16.array(1))
            .field("saved_upcall_mask", SAVED_UPCALL_MASK_OFFSET, CType.UINT8)
            .field("_pad1", _PAD1_OFFSET, CType.UINT8.array(3))
            .field("rflags", RFLAGS_OFFSET, CType.UINT64)
            .field("rsp", RSP_OFFSET, CType.UINT64)
            .field("ss", SS_OFFSET, CType.UINT16)
            .field("_pad2", _PAD2_OFFSET, CType.UINT16.array(3))
            .field("es", ES_OFFSET, CType.UINT16)
            .field("_pad3", _PAD3_OFFSET, CType.UINT16.array(3))
            .field("ds", DS_OFFSET, CType.UINT16)
            .field("_pad4", _PAD4_OFFSET, CType.UINT16.array(3))
            .field("fs", FS_OFFSET, CType.UINT16)
            .field("_pad5", _PAD5_OFFSET, CType.UINT16.array(3))
            .field("gs", GS_OFFSET, CType.UINT16)
            .field("_pad6", _PAD6_OFFSET, CType.UINT16.array(3))
            .build(SIZE);

    private CpuUserRegsDescriptor() {}
}
