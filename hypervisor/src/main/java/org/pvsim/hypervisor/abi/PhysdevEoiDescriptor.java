package org.pvsim.hypervisor.abi;

/** {@code struct physdev_eoi} ({@code xen/include/public/physdev.h}): the PIRQ a PV guest has handled. */
public final class PhysdevEoiDescriptor {
    /** {@code uint32_t irq}: the PIRQ. */
    public static final int IRQ_OFFSET = 0;
    /** {@code sizeof(struct physdev_eoi)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("physdev_eoi")
            .field("irq", IRQ_OFFSET, CType.UINT32)
            .build(SIZE);

    private PhysdevEoiDescriptor() {}
}
