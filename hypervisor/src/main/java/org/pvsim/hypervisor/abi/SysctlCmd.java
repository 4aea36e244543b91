package org.pvsim.hypervisor.abi;

/**
 * {@code sysctl} commands ({@code XEN_SYSCTL_*}, {@code xen/include/public/sysctl.h}).
 */
public enum SysctlCmd {
    XEN_SYSCTL_readconsole(1),
    XEN_SYSCTL_tbuf_op(2),
    XEN_SYSCTL_physinfo(3),
    XEN_SYSCTL_sched_id(4),
    XEN_SYSCTL_perfc_op(5),
    XEN_SYSCTL_getdomaininfolist(6),
    XEN_SYSCTL_debug_keys(7),
    XEN_SYSCTL_getcpuinfo(8),
    XEN_SYSCTL_availheap(9),
    XEN_SYSCTL_get_pmstat(10),
    XEN_SYSCTL_cpu_hotplug(11),
    XEN_SYSCTL_pm_op(12),
    XEN_SYSCTL_page_offline_op(14),
    XEN_SYSCTL_lockprof_op(15),
    XEN_SYSCTL_cputopoinfo(16),
    XEN_SYSCTL_numainfo(17),
    XEN_SYSCTL_cpupool_op(18),
    XEN_SYSCTL_scheduler_op(19),
    XEN_SYSCTL_coverage_op(20),
    XEN_SYSCTL_psr_cmt_op(21),
    XEN_SYSCTL_pcitopoinfo(22),
    XEN_SYSCTL_psr_alloc(23),
    XEN_SYSCTL_get_cpu_levelling_caps(25),
    XEN_SYSCTL_get_cpu_featureset(26),
    XEN_SYSCTL_livepatch_op(27),
    XEN_SYSCTL_get_cpu_policy(29),
    XEN_SYSCTL_set_parameter(30),
    XEN_SYSCTL_get_cpu_state(31);

    private static final SysctlCmd[] BY_CODE = new SysctlCmd[31 + 1];

    static {
        for (SysctlCmd c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    SysctlCmd(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static SysctlCmd ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
