package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.domain.Vcpu;

/** What a {@link Scheduler} may ask of the host it schedules for. */
public interface SchedulerHost {
    /** Physical CPUs: ids are {@code 0 .. nrPcpus()-1}. */
    int nrPcpus();

    /** The vCPU running on {@code pcpu}, or {@code null} if it is idle. */
    Vcpu current(int pcpu);

    /** Asks {@code pcpu} to call {@link Scheduler#doSchedule} soon ({@code SCHEDULE_SOFTIRQ}). */
    void tickle(int pcpu);
}
