package org.pvsim.hypervisor.abi;

/**
 * The {@code flags} argument of {@code update_va_mapping} and {@code update_va_mapping_otherdomain} ({@code enum
 * uvm_flags}, {@code xen/include/public/xen.h}). Bits 1:0 choose the flush ({@link #UVMF_FLUSHTYPE_MASK}); the rest
 * choose whose TLBs: {@link #UVMF_LOCAL}, {@link #UVMF_ALL}, or, for {@link #UVMF_MULTI}, the guest address of a vCPU
 * bitmap ORed in (its low bits are free because the bitmap is aligned).
 */
public final class UvmFlags {
    /** No flush at all. */
    public static final long UVMF_NONE = 0L;
    /** Flush the entire TLB(s). */
    public static final long UVMF_TLB_FLUSH = 1L;
    /** Flush only the entry for the virtual address. */
    public static final long UVMF_INVLPG = 2L;
    /** The bits that hold the flush type. */
    public static final long UVMF_FLUSHTYPE_MASK = 3L;
    /** Flush the vCPUs in the bitmap whose address is ORed into the flags; 0 with no address. */
    public static final long UVMF_MULTI = 0L << 2;
    /** Flush the local TLB only: {@link #UVMF_MULTI} with a null bitmap. */
    public static final long UVMF_LOCAL = 0L << 2;
    /** Flush the TLBs of all the domain's vCPUs. */
    public static final long UVMF_ALL = 1L << 2;

    private UvmFlags() {}

    /** The flush type: {@link #UVMF_NONE}, {@link #UVMF_TLB_FLUSH} or {@link #UVMF_INVLPG} (3 is not defined). */
    public static long flushType(long flags) {
        return flags & UVMF_FLUSHTYPE_MASK;
    }

    /**
     * Which TLBs: {@link #UVMF_LOCAL}, {@link #UVMF_ALL}, or otherwise the guest virtual address of the vCPU bitmap
     * of a {@link #UVMF_MULTI} flush.
     */
    public static long target(long flags) {
        return flags & ~UVMF_FLUSHTYPE_MASK;
    }
}
