package org.pvsim.hypervisor.abi.io;

/** The {@code operation} codes of a blkif request ({@code BLKIF_OP_*}, {@code xen/include/public/io/blkif.h}). */
public final class BlkifOp {
    /** {@code BLKIF_OP_READ}. */
    public static final int BLKIF_OP_READ = 0;
    /** {@code BLKIF_OP_WRITE}. */
    public static final int BLKIF_OP_WRITE = 1;
    /** {@code BLKIF_OP_WRITE_BARRIER}. */
    public static final int BLKIF_OP_WRITE_BARRIER = 2;
    /** {@code BLKIF_OP_FLUSH_DISKCACHE}: make every completed write durable; no segments. */
    public static final int BLKIF_OP_FLUSH_DISKCACHE = 3;
    /** {@code BLKIF_OP_DISCARD}. */
    public static final int BLKIF_OP_DISCARD = 5;
    /** {@code BLKIF_OP_INDIRECT}. */
    public static final int BLKIF_OP_INDIRECT = 6;

    private BlkifOp() {}

    /** The operation's name. */
    public static String name(int op) {
        return switch (op) {
            case BLKIF_OP_READ -> "read";
            case BLKIF_OP_WRITE -> "write";
            case BLKIF_OP_WRITE_BARRIER -> "write-barrier";
            case BLKIF_OP_FLUSH_DISKCACHE -> "flush";
            case BLKIF_OP_DISCARD -> "discard";
            case BLKIF_OP_INDIRECT -> "indirect";
            default -> "op " + op;
        };
    }
}
