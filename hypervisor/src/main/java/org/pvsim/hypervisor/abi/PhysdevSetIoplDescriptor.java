package org.pvsim.hypervisor.abi;

/**
 * {@code struct physdev_set_iopl} ({@code xen/include/public/physdev.h}): the calling vCPU's virtual I/O privilege
 * level, 0..3 (more is {@code -EINVAL}). A 64-bit PV kernel runs at privilege 1 as far as port I/O goes, so it needs
 * an IOPL of at least 1 to execute {@code in} and {@code out} ({@code guest_io_okay}).
 */
public final class PhysdevSetIoplDescriptor {
    /** {@code uint32_t iopl}. */
    public static final int IOPL_OFFSET = 0;
    /** {@code sizeof(struct physdev_set_iopl)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("physdev_set_iopl")
            .field("iopl", IOPL_OFFSET, CType.UINT32)
            .build(SIZE);

    private PhysdevSetIoplDescriptor() {}
}
