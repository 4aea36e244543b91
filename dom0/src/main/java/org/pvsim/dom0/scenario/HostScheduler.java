package org.pvsim.dom0.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler a scenario asks for ({@code host.scheduler}, Xen's {@code sched=} names). Every one is simulated
 * except {@link #ARINC653}, which is accepted as pending: the run warns and uses {@link #DEFAULT}.
 */
public enum HostScheduler {
    /** Round-robin: pvsim's teaching scheduler, with no Xen counterpart. */
    RR("rr", true),
    /** Xen's credit scheduler. */
    CREDIT("credit", true),
    /** Xen's credit2 scheduler, the upstream default. */
    CREDIT2("credit2", true),
    /** Xen's real-time deferrable server scheduler. */
    RTDS("rtds", true),
    /** Xen's null scheduler, one vCPU per pCPU. */
    NULL("null", true),
    /** Xen's ARINC 653 partition scheduler (pending). */
    ARINC653("arinc653", false);

    /**
     * The scheduler of a scenario that names none: Xen's default, credit2 ({@code common/sched/Kconfig}).
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
