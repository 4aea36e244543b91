package org.pvsim.hypervisor.abi;

/**
 * {@code struct multicall_entry} ({@code xen/include/public/xen.h}), as a guest sees it: the hypercall number, the
 * slot its result is written back to, and six argument words. (Xen's own build names the sixth word {@code unused}:
 * only five arguments are ever passed.) Every field is an {@code xen_ulong_t}.
 */
public final class MulticallEntryDescriptor {
    /** {@code xen_ulong_t op}: the hypercall number. */
    public static final int OP_OFFSET = 0;
    /** {@code xen_ulong_t result}: written by Xen with the sub-call's return value. */
    public static final int RESULT_OFFSET = 8;
    /** {@code xen_ulong_t args[6]}. */
    public static final int ARGS_OFFSET = 16;
    /** Number of argument words in the guest view. */
    public static final int NR_ARGS = 6;
    /** Number of argument words Xen passes to the sub-call (the sixth is ignored). */
    public static final int NR_USED_ARGS = 5;
    /** {@code sizeof(struct multicall_entry)}: the stride of the call list. */
    public static final int SIZE = 64;

    public static final StructLayout LAYOUT = StructLayout.builder("multicall_entry")
            .field("op", OP_OFFSET, CType.XEN_ULONG)
            .field("result", RESULT_OFFSET, CType.XEN_ULONG)
            .field("args", ARGS_OFFSET, CType.XEN_ULONG.array(NR_ARGS))
            .build(SIZE);

    private MulticallEntryDescriptor() {}

    /**
     * The offset of {@code args[index]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < 6}
     */
    public static int argOffset(int index) {
        return ARGS_OFFSET + 8 * ArrayIndex.check("multicall_entry.args", index, NR_ARGS, "NR_ARGS");
    }
}
