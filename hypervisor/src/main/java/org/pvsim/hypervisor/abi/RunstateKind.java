package org.pvsim.hypervisor.abi;

/**
 * vCPU runstates ({@code RUNSTATE_*}, {@code xen/include/public/vcpu.h}): the index into
 * {@code vcpu_runstate_info.time[]}.
 */
public enum RunstateKind {
    RUNSTATE_running(0),
    RUNSTATE_runnable(1),
    RUNSTATE_blocked(2),
    RUNSTATE_offline(3);

    private static final RunstateKind[] BY_CODE = new RunstateKind[3 + 1];

    static {
        for (RunstateKind c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    RunstateKind(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static RunstateKind ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** The name without the {@code RUNSTATE_} prefix, as stats.json prints it. */
    public String shortName() {
        return name().substring("RUNSTATE_".length());
    }
}
