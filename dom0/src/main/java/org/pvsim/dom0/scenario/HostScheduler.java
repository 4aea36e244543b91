package org.pvsim.dom0.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler a scenario asks for ({@code host.scheduler}, Xen's {@code sched=} names). Only {@link #RR} is
 * simulated now; the others are accepted as pending: the run warns and uses {@code rr}.
 */
public enum HostScheduler {
    /** Round-robin: pvsim's simple scheduler (Xen's {@code sched=rr} is its teaching scheduler too). */
    RR("rr", true),
    /** Xen's credit scheduler (pending). */
    CREDIT("credit", false),
    /** Xen's credit2 scheduler, the upstream default (pending). */
    CREDIT2("credit2", true),
    /** Xen's real-time deferrable server scheduler (pending). */
    RTDS("rtds", true),
    /** Xen's null scheduler, one vCPU per pCPU (pending). */
    NULL("null", true);

    /**
     * The scheduler of a scenario that names none: Xen's default, credit2 ({@code common/sched/Kconfig}), once it is
     * simulated.
     */
    public static final HostScheduler DEFAULT = CREDIT2;

    private final String xenName;
    private final boolean simulated;

    HostScheduler(String xenName, boolean simulated) {
        this.xenName = xenName;
        this.simulated = simulated;
    }

    /** The name Xen and scenarios use. */
    public String xenName() {
        return xenName;
    }

    /** Whether pvsim simulates this scheduler now. */
    public boolean simulated() {
        return simulated;
    }

    /** The scheduler called {@code name}, if any. */
    public static Optional<HostScheduler> ofXenName(String name) {
        return Arrays.stream(values()).filter(s -> s.xenName.equals(name)).findFirst();
    }

    /** Every name, in declaration order. */
    public static List<String> xenNames() {
        return Arrays.stream(values()).map(HostScheduler::xenName).toList();
    }
}
