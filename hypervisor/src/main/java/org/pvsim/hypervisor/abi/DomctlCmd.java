package org.pvsim.hypervisor.abi;

/**
 * {@code domctl} commands ({@code XEN_DOMCTL_*}, {@code xen/include/public/domctl.h}).
 */
public enum DomctlCmd {
    XEN_DOMCTL_createdomain(1),
    XEN_DOMCTL_destroydomain(2),
    XEN_DOMCTL_pausedomain(3),
    XEN_DOMCTL_unpausedomain(4),
    XEN_DOMCTL_getdomaininfo(5),
    XEN_DOMCTL_setvcpuaffinity(9),
    XEN_DOMCTL_shadow_op(10),
    XEN_DOMCTL_max_mem(11),
    XEN_DOMCTL_setvcpucontext(12),
    XEN_DOMCTL_getvcpucontext(13),
    XEN_DOMCTL_getvcpuinfo(14),
    /**
     * Still defined in {@code domctl.h}, but only allocates the vCPUs: the limit comes from {@code
     * XEN_DOMCTL_createdomain}'s {@code max_vcpus}, which {@code max} must equal ({@link DomctlMaxVcpusDescriptor}).
     */
    XEN_DOMCTL_max_vcpus(15),
    XEN_DOMCTL_scheduler_op(16),
    XEN_DOMCTL_setdomainhandle(17),
    XEN_DOMCTL_setdebugging(18),
    XEN_DOMCTL_irq_permission(19),
    XEN_DOMCTL_iomem_permission(20),
    XEN_DOMCTL_ioport_permission(21),
    XEN_DOMCTL_hypercall_init(22),
    XEN_DOMCTL_settimeoffset(24),
    XEN_DOMCTL_getvcpuaffinity(25),
    XEN_DOMCTL_resumedomain(27),
    XEN_DOMCTL_sendtrigger(28),
    XEN_DOMCTL_set_target(46),
    XEN_DOMCTL_set_virq_handler(66),
    XEN_DOMCTL_soft_reset(79),
    /** The one stable domctl: its {@code interface_version} must be 0 ({@link DomctlDescriptor}). */
    XEN_DOMCTL_get_domain_state(90);

    private static final DomctlCmd[] BY_CODE = new DomctlCmd[90 + 1];

    static {
        for (DomctlCmd c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    DomctlCmd(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static DomctlCmd ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
