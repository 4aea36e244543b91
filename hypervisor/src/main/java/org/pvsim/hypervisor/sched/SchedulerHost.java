package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.time.Timer;

/**
 * What a {@link Scheduler} may ask of the host it schedules for: the pCPUs and what runs on them, a way to make a pCPU
 * reschedule, timers, trace records, and the boot options. A policy reads time only from the arguments it is given.
 */
public interface SchedulerHost {
    /** Physical CPUs: ids are {@code 0 .. nrPcpus()-1}. */
    int nrPcpus();

    /** How the pCPUs are grouped in cores and sockets. */
    CpuTopology topology();

    /** The hypervisor's boot options ({@code sched_ratelimit_us=...}), read by the policy in {@link Scheduler#init}. */
    XenCommandLine commandLine();

    /** The vCPU running on {@code pcpu}, or {@code null} if it is idle. */
    Vcpu current(int pcpu);

    /** Asks {@code pcpu} to call {@link Scheduler#doSchedule} soon ({@code SCHEDULE_SOFTIRQ}). */
    void tickle(int pcpu);

    /**
     * A new timer of the policy's ({@code init_timer}): its expiries are journalled and replayed like every other
     * hypervisor timer, so it needs an identity that is the same in every run of the same scenario: {@code index},
     * unique among the policy's timers (a pCPU number, or a fixed number for a host-wide timer), and the vCPU or
     * domain it belongs to, if any ({@code domid}/{@code vcpu} -1 otherwise).
     *
     * @throws IllegalStateException if the policy already has a live timer with that identity
     */
    Timer newTimer(String name, int domid, int vcpu, int index, Timer.Action action);

    /** Arms {@code t} to fire at {@code expires} ({@code set_timer}). */
    void setTimer(Timer t, long expires);

    /** Disarms {@code t} ({@code stop_timer}). */
    void stopTimer(Timer t);

    /** Stops and forgets a timer of the policy's ({@code kill_timer}), e.g. when its domain goes away. */
    void killTimer(Timer t);

    /**
     * Pauses {@code v} on the policy's behalf ({@code sched_unit_pause_nosync}, as credit parks a vCPU over its cap):
     * raises its pause count; if it stops being runnable, the host calls the policy's {@link Scheduler#sleep} before
     * returning (a running vCPU keeps its pCPU until that reschedules). Allocates nothing.
     */
    default void pauseVcpu(Vcpu v, long now) {
        throw new UnsupportedOperationException("this host cannot pause vCPUs for the policy");
    }

    /**
     * Undoes one {@link #pauseVcpu} ({@code sched_unit_unpause}); if {@code v} becomes runnable, the host calls the
     * policy's {@link Scheduler#wake} before returning.
     */
    default void unpauseVcpu(Vcpu v, long now) {
        throw new UnsupportedOperationException("this host cannot unpause vCPUs for the policy");
    }

    /**
     * Journals a trace event ({@code TRACE_TIME}): Xen's {@code TRC_*} id (see {@code abi.TraceEvent}), the vCPU it
     * concerns or {@code null}, and two data words whose meaning the event defines.
     */
    void trace(long now, int event, Vcpu v, long d1, long d2);
}
