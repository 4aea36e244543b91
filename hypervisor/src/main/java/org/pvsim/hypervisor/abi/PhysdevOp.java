package org.pvsim.hypervisor.abi;

/**
 * {@code physdev_op} commands ({@code PHYSDEVOP_*}, {@code xen/include/public/physdev.h}) that pvsim serves; the others
 * answer {@code -ENOSYS}.
 */
public enum PhysdevOp {
    /** {@code struct physdev_irq_status_query}: whether a PIRQ needs an EOI. */
    PHYSDEVOP_irq_status_query(5),
    /** {@code struct physdev_set_iopl}: the vCPU's virtual I/O privilege level. */
    PHYSDEVOP_set_iopl(6),
    /** {@code struct physdev_eoi}: the guest has handled a PIRQ. */
    PHYSDEVOP_eoi(12),
    /** {@code struct physdev_map_pirq}: maps a physical interrupt to a PIRQ of a domain. */
    PHYSDEVOP_map_pirq(13),
    /** {@code struct physdev_unmap_pirq}: undoes {@link #PHYSDEVOP_map_pirq}. */
    PHYSDEVOP_unmap_pirq(14);

    private static final PhysdevOp[] BY_CODE = new PhysdevOp[14 + 1];

    static {
        for (PhysdevOp c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    PhysdevOp(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if pvsim serves none. */
    public static PhysdevOp ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
