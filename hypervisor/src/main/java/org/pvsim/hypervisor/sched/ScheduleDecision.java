package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.domain.Vcpu;

/**
 * The answer of {@link Scheduler#doSchedule}: Xen's {@code struct sched_unit *next} and {@code s_time_t time}.
 * Mutable and reused per pCPU, so a scheduling decision allocates nothing.
 */
public final class ScheduleDecision {
    /** Run until the next event tickles the pCPU. */
    public static final long NO_TIMESLICE = -1;

    /** The vCPU to run, or {@code null} to idle. */
    public Vcpu next;
    /** How long {@link #next} may run before the next decision, or {@link #NO_TIMESLICE}. */
    public long timesliceNs;

    public void set(Vcpu next, long timesliceNs) {
        this.next = next;
        this.timesliceNs = timesliceNs;
    }
}
