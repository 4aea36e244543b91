package org.pvsim.hypervisor.abi;

/**
 * {@code struct mmu_update} ({@code xen/include/public/xen.h}): one request of the {@code mmu_update} hypercall, which
 * takes an array of them. Both fields are 64-bit.
 *
 * <p>The low three bits of {@code ptr} select the command ({@link MmuUpdateCmd}); the rest is the machine address of
 * the page-table entry (or, for {@code MMU_MACHPHYS_UPDATE}, of the frame) to change. {@code val} is the new value.
 */
public final class MmuUpdateDescriptor {
    /** {@code uint64_t ptr}: machine address of the target, with the command in bits 2:0. */
    public static final int PTR_OFFSET = 0;
    /** {@code uint64_t val}: the value to write. */
    public static final int VAL_OFFSET = 8;
    /** {@code sizeof(struct mmu_update)}: the stride of the request array. */
    public static final int SIZE = 16;

    /**
     * The bits of {@code ptr} that hold the command. {@code xen.h} says "ptr[1:0]", but Xen decodes
     * {@code ptr & (sizeof(l1_pgentry_t) - 1)} ({@code do_mmu_update}, {@code x86/mm.c}): bits 2:0, so values 4-7 are
     * commands too (unknown ones, {@code -ENOSYS}). pvsim follows the implementation.
     */
    public static final long PTR_CMD_MASK = 7;

    public static final StructLayout LAYOUT = StructLayout.builder("mmu_update")
            .field("ptr", PTR_OFFSET, CType.UINT64)
            .field("val", VAL_OFFSET, CType.UINT64)
            .build(SIZE);

    private MmuUpdateDescriptor() {}

    /** The command in a {@code ptr} value ({@code ptr & 3}). */
    public static int cmd(long ptr) {
        return (int) (ptr & PTR_CMD_MASK);
    }

    /** The address part of a {@code ptr} value, with the command bits cleared. */
    public static long address(long ptr) {
        return ptr & ~PTR_CMD_MASK;
    }

    /** The offset of element {@code index} in an array of requests (no upper bound: the caller passes the count). */
    public static long elementOffset(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("mmu_update array index must be >= 0, got " + index);
        }
        return index * SIZE;
    }
}
