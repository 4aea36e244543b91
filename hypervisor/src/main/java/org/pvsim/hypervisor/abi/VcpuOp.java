package org.pvsim.hypervisor.abi;

/**
 * {@code vcpu_op} commands ({@code VCPUOP_*}, {@code xen/include/public/vcpu.h}).
 */
public enum VcpuOp {
    VCPUOP_initialise(0),
    VCPUOP_up(1),
    VCPUOP_down(2),
    VCPUOP_is_up(3),
    VCPUOP_get_runstate_info(4),
    VCPUOP_register_runstate_memory_area(5),
    VCPUOP_set_periodic_timer(6),
    VCPUOP_stop_periodic_timer(7),
    VCPUOP_set_singleshot_timer(8),
    VCPUOP_stop_singleshot_timer(9),
    VCPUOP_register_vcpu_info(10),
    VCPUOP_send_nmi(11),
    VCPUOP_get_physid(12),
    VCPUOP_register_vcpu_time_memory_area(13),
    VCPUOP_register_runstate_phys_area(14),
    VCPUOP_register_vcpu_time_phys_area(15);

    private static final VcpuOp[] BY_CODE = new VcpuOp[15 + 1];

    static {
        for (VcpuOp c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    VcpuOp(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static VcpuOp ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
