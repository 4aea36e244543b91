package org.pvsim.hypervisor.abi;

/**
 * {@code struct mmuext_op} ({@code xen/include/public/xen.h}): one request of the {@code mmuext_op} hypercall. A
 * 32-bit command ({@link MmuextCmd}) followed by two 8-byte unions whose meaning depends on the command:
 *
 * <ul>
 *   <li>{@code arg1}: {@code mfn} (pin, unpin, new base pointers, clear/copy page, mark/unmark super) or {@code
 *       linear_addr} (the INVLPG commands and {@code SET_LDT});
 *   <li>{@code arg2}: {@code nr_ents} ({@code SET_LDT}), {@code vcpumask} (the MULTI flushes: a guest handle to a
 *       vCPU bitmap) or {@code src_mfn} ({@code COPY_PAGE}).
 * </ul>
 */
public final class MmuextOpDescriptor {
    /** {@code unsigned int cmd}. */
    public static final int CMD_OFFSET = 0;
    /** Start of the {@code arg1} union (after 4 bytes of padding). */
    public static final int ARG1_OFFSET = 8;
    /** {@code xen_pfn_t arg1.mfn}. */
    public static final int ARG1_MFN_OFFSET = ARG1_OFFSET;
    /** {@code unsigned long arg1.linear_addr}. */
    public static final int ARG1_LINEAR_ADDR_OFFSET = ARG1_OFFSET;
    /** Start of the {@code arg2} union. */
    public static final int ARG2_OFFSET = 16;
    /** {@code unsigned int arg2.nr_ents}. */
    public static final int ARG2_NR_ENTS_OFFSET = ARG2_OFFSET;
    /** {@code XEN_GUEST_HANDLE(const_void) arg2.vcpumask}. */
    public static final int ARG2_VCPUMASK_OFFSET = ARG2_OFFSET;
    /** {@code xen_pfn_t arg2.src_mfn}. */
    public static final int ARG2_SRC_MFN_OFFSET = ARG2_OFFSET;
    /** {@code sizeof(struct mmuext_op)}: the stride of the request array. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("mmuext_op")
            .field("cmd", CMD_OFFSET, CType.UINT)
            .unionMember("arg1", "mfn", ARG1_MFN_OFFSET, CType.XEN_PFN)
            .unionMember("arg1", "linear_addr", ARG1_LINEAR_ADDR_OFFSET, CType.ULONG)
            .unionMember("arg2", "nr_ents", ARG2_NR_ENTS_OFFSET, CType.UINT)
            .unionMember("arg2", "vcpumask", ARG2_VCPUMASK_OFFSET, CType.guestHandle("const_void"))
            .unionMember("arg2", "src_mfn", ARG2_SRC_MFN_OFFSET, CType.XEN_PFN)
            .build(SIZE);

    private MmuextOpDescriptor() {}
}
