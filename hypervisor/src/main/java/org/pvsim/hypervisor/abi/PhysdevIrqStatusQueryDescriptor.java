package org.pvsim.hypervisor.abi;

/**
 * {@code struct physdev_irq_status_query} ({@code xen/include/public/physdev.h}): in, a PIRQ; out, {@code
 * XENIRQSTAT_*} flags. A guest that finds {@link #XENIRQSTAT_needs_eoi} must call {@code PHYSDEVOP_eoi} after handling
 * each interrupt, or the line stays masked.
 */
public final class PhysdevIrqStatusQueryDescriptor {
    /** {@code uint32_t irq}: the PIRQ (in). */
    public static final int IRQ_OFFSET = 0;
    /** {@code uint32_t flags} (out). */
    public static final int FLAGS_OFFSET = 4;
    /** {@code sizeof(struct physdev_irq_status_query)}. */
    public static final int SIZE = 8;

    /** {@code XENIRQSTAT_needs_eoi}: the PIRQ must be acknowledged with {@code PHYSDEVOP_eoi}. */
    public static final int XENIRQSTAT_needs_eoi = 1;
    /** {@code XENIRQSTAT_shared}: the IRQ is shared by more than one domain. */
    public static final int XENIRQSTAT_shared = 2;

    public static final StructLayout LAYOUT = StructLayout.builder("physdev_irq_status_query")
            .field("irq", IRQ_OFFSET, CType.UINT32)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .build(SIZE);

    private PhysdevIrqStatusQueryDescriptor() {}
}
