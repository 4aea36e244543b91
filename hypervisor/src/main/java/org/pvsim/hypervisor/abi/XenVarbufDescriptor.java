package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_varbuf} ({@code xen/include/public/version.h}): the argument of {@code XENVER_extraversion2},
 * {@code XENVER_capabilities2}, {@code XENVER_changeset2} and {@code XENVER_commandline2} ({@code XENVER_build_id}
 * uses the same shape, {@code struct xen_build_id}): a 32-bit length followed by the bytes. The guest sets {@code len}
 * to the buffer's size; Xen copies the string without a NUL and returns its length, or {@code -ENOBUFS} if it does
 * not fit. A null argument asks only for the length ({@code xenver_varbuf_op}, {@code common/kernel.c}).
 */
public final class XenVarbufDescriptor {
    /** {@code uint32_t len}: in, the size of {@code buf}. */
    public static final int LEN_OFFSET = 0;
    /** {@code unsigned char buf[]}: the data, a flexible array member. */
    public static final int BUF_OFFSET = 4;
    /** {@code sizeof(struct xen_varbuf)}: the header alone, without {@code buf}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_varbuf")
            .field("len", LEN_OFFSET, CType.UINT32)
            .field("buf", BUF_OFFSET, new CType("unsigned char", 1, 1).array(0))
            .build(SIZE);

    private XenVarbufDescriptor() {}
}
