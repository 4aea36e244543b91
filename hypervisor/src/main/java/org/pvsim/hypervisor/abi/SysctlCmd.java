package org.pvsim.hypervisor.abi;

/**
 * {@code sysctl} commands ({@code XEN_SYSCTL_*}, {@code xen/include/public/sysctl.h}).
 *
 * <p>Three constants name commands that {@code sysctl.h} no longer defines; they are kept so that code naming them
 * still compiles, are {@link Deprecated}, report {@link #isDefined()} {@code false}, and {@link #ofCode(long)} never
 * returns them: Xen answers their numbers with {@code -ENOSYS} like any unknown command.
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
    /** Removed from Xen: {@code sysctl.h} keeps number 25 only as a comment. */
    @Deprecated
    XEN_SYSCTL_get_cpu_levelling_caps(25, false),
    XEN_SYSCTL_get_cpu_featureset(26),
    XEN_SYSCTL_livepatch_op(27),
    XEN_SYSCTL_get_cpu_policy(29),
    /** Removed from Xen: its number was 28 (not 30); {@code sysctl.h} keeps it only as a comment. */
    @Deprecated
    XEN_SYSCTL_set_parameter(28, false),
    /** Device-tree overlays (Arm only in Xen; on x86 the command is unknown). */
    XEN_SYSCTL_dt_overlay(30),
    /** Never defined by Xen's {@code sysctl.h}; the number 31 is pvsim's old mistake and matches no command. */
    @Deprecated
    XEN_SYSCTL_get_cpu_state(31, false);

    private static final SysctlCmd[] BY_CODE = new SysctlCmd[31 + 1];

    static {
        for (SysctlCmd c : values()) {
            if (c.defined) {
                BY_CODE[c.code] = c;
            }
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    private final boolean defined;

    SysctlCmd(int code) {
        this(code, true);
    }

    SysctlCmd(int code, boolean defined) {
        this.code = code;
        this.defined = defined;
    }

    /** Whether {@code sysctl.h} defines this command (false for the deprecated, removed ones). */
    public boolean isDefined() {
        return defined;
    }

    /** The command Xen defines with this numeric value, or {@code null} if Xen defines none. */
    public static SysctlCmd ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
