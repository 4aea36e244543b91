package org.pvsim.hypervisor.abi;

/**
 * {@code struct physdev_map_pirq} ({@code xen/include/public/physdev.h}): the argument of {@code PHYSDEVOP_map_pirq}.
 * For {@link #MAP_PIRQ_TYPE_GSI}, {@code index} is the GSI and {@code pirq} is the PIRQ wanted, or negative to let
 * Xen choose one; Xen writes the PIRQ it mapped back into {@code pirq}. {@code domid_t} is 2 bytes, so {@code type}
 * sits at offset 4 after padding, and {@code table_base} at 32 after the padding that aligns it.
 */
public final class PhysdevMapPirqDescriptor {
    /** {@code domid_t domid}: the domain whose PIRQ is mapped ({@code DOMID_SELF} for the caller). */
    public static final int DOMID_OFFSET = 0;
    /** {@code int type}: a {@code MAP_PIRQ_TYPE_*}. */
    public static final int TYPE_OFFSET = 4;
    /** {@code int index}: for a GSI, its number. */
    public static final int INDEX_OFFSET = 8;
    /** {@code int pirq}: in, the PIRQ wanted or negative; out, the PIRQ mapped. */
    public static final int PIRQ_OFFSET = 12;
    /** {@code int bus}. */
    public static final int BUS_OFFSET = 16;
    /** {@code int devfn}. */
    public static final int DEVFN_OFFSET = 20;
    /** {@code int entry_nr}. */
    public static final int ENTRY_NR_OFFSET = 24;
    /** {@code uint64_t table_base}. */
    public static final int TABLE_BASE_OFFSET = 32;
    /** {@code sizeof(struct physdev_map_pirq)}. */
    public static final int SIZE = 40;

    /** {@code MAP_PIRQ_TYPE_MSI}: not modelled by pvsim ({@code -EINVAL}). */
    public static final int MAP_PIRQ_TYPE_MSI = 0x0;
    /** {@code MAP_PIRQ_TYPE_GSI}: a legacy interrupt line. */
    public static final int MAP_PIRQ_TYPE_GSI = 0x1;
    /** {@code MAP_PIRQ_TYPE_UNKNOWN}. */
    public static final int MAP_PIRQ_TYPE_UNKNOWN = 0x2;
    /** {@code MAP_PIRQ_TYPE_MSI_SEG}. */
    public static final int MAP_PIRQ_TYPE_MSI_SEG = 0x3;
    /** {@code MAP_PIRQ_TYPE_MULTI_MSI}. */
    public static final int MAP_PIRQ_TYPE_MULTI_MSI = 0x4;

    public static final StructLayout LAYOUT = StructLayout.builder("physdev_map_pirq")
            .field("domid", DOMID_OFFSET, CType.DOMID)
            .field("type", TYPE_OFFSET, CType.INT)
            .field("index", INDEX_OFFSET, CType.INT)
            .field("pirq", PIRQ_OFFSET, CType.INT)
            .field("bus", BUS_OFFSET, CType.INT)
            .field("devfn", DEVFN_OFFSET, CType.INT)
            .field("entry_nr", ENTRY_NR_OFFSET, CType.INT)
            .field("table_base", TABLE_BASE_OFFSET, CType.UINT64)
            .build(SIZE);

    private PhysdevMapPirqDescriptor() {}
}
