package org.pvsim.hypervisor.abi;

/** {@code struct physdev_unmap_pirq} ({@code xen/include/public/physdev.h}): the domain and the PIRQ to unmap. */
public final class PhysdevUnmapPirqDescriptor {
    /** {@code domid_t domid}. */
    public static final int DOMID_OFFSET = 0;
    /** {@code int pirq}. */
    public static final int PIRQ_OFFSET = 4;
    /** {@code sizeof(struct physdev_unmap_pirq)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("physdev_unmap_pirq")
            .field("domid", DOMID_OFFSET, CType.DOMID)
            .field("pirq", PIRQ_OFFSET, CType.INT)
            .build(SIZE);

    private PhysdevUnmapPirqDescriptor() {}
}
