package org.pvsim.hypervisor.timer;

import org.pvsim.hypervisor.abi.VcpuSetPeriodicTimerDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetSingleshotTimerDescriptor;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainHook;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.TimerClass;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.sched.VcpuBlocking;
import org.pvsim.hypervisor.spi.VirqSink;
import org.pvsim.hypervisor.time.HypervisorTimers;

/**
 * Each vCPU's three timers, as {@code xen/common/sched/core.c} keeps them, and the guest's system time with them:
 *
 * <ul>
 *   <li>the <b>periodic timer</b> ({@code periodic_timer}): a PV vCPU starts with a 10 ms period, a 100 Hz tick
 *       ({@code pv_vcpu_initialise}, {@code x86/pv/domain.c}); {@code VCPUOP_set_periodic_timer} changes it and
 *       {@code VCPUOP_stop_periodic_timer} sets it to 0. It ticks only while the vCPU runs: a context switch stops the
 *       outgoing vCPU's ({@code sched_context_switch}) and re-arms the incoming one's ({@code
 *       vcpu_periodic_timer_work}), which raises {@code VIRQ_TIMER} at once if a whole period passed since the last
 *       tick. So a blocked vCPU is <i>not</i> woken by its periodic timer, which is why a tickless PV kernel stops it
 *       and sleeps on the single-shot timer;
 *   <li>the <b>single-shot timer</b> ({@code singleshot_timer}): set by {@code set_timer_op} and {@code
 *       VCPUOP_set_singleshot_timer}, raises {@code VIRQ_TIMER} once ({@code vcpu_singleshot_timer_fn});
 *   <li>the <b>poll timer</b> ({@code poll_timer}): the timeout of {@code SCHEDOP_poll} ({@link VcpuBlocking}).
 * </ul>
 *
 * The timers are created when the domain is ({@code sched_init_vcpu}) and killed when it is destroyed ({@code
 * sched_destroy_vcpu}), so a new domain may reuse the id. They are {@link HypervisorTimers}: every expiry is a
 * journalled input, and replay fires them when the journal says. {@code VIRQ_TIMER} goes through the hypervisor's
 * {@link VirqSink}, which is what wakes a blocked vCPU.
 *
 * <p>At each context switch it also refreshes the incoming vCPU's {@code vcpu_time_info} ({@link VcpuSystemTime}),
 * as Xen's {@code context_switch} does. Nothing here allocates after a domain's creation.
 */
public final class VcpuTimers implements DomainHook, SchedulerCore.ContextSwitchListener {
    /** The smallest future offset {@code set_timer_op} finds absurd: 2^50 ns, about 13 days ({@code offset >> 50}). */
    public static final long SET_TIMER_OP_MAX_OFFSET_NS = 1L << 50;

    /** Where {@code set_timer_op} puts a timeout it finds absurd: 100 ms from now ({@code MILLISECS(100)}). */
    public static final long SET_TIMER_OP_CLAMP_NS = 100_000_000L;

    private final HypervisorTimers timers;
    private final VirqSink virqs;
    private final VcpuBlocking blocking;
    private final VcpuSystemTime systemTime;

    /**
     * @param virqs where {@code VIRQ_TIMER} goes: the hypervisor's current {@link VirqSink} (the hypervisor passes one
     *     that forwards to whichever sink is installed)
     */
    public VcpuTimers(HypervisorTimers timers, VirqSink virqs, VcpuBlocking blocking, VcpuSystemTime systemTime) {
        this.timers = timers;
        this.virqs = virqs;
        this.blocking = blocking;
        this.systemTime = systemTime;
    }

    /** The {@code vcpu_time_info} writer. */
    public VcpuSystemTime systemTime() {
        return systemTime;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Creation and destruction

    /** {@code sched_init_vcpu} for each vCPU: its three timers; and {@code pv_vcpu_initialise}'s 10 ms period. */
    @Override
    public int domainCreated(Domain d, long now) {
        int domid = d.domid();
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            String name = v.toString();
            v.periodicTimer = timers.create(
                    TimerClass.VCPU_PERIODIC, domid, i, 0, name + " periodic_timer", t -> periodicWork(v, t));
            v.singleshotTimer = timers.create(
                    TimerClass.VCPU_SINGLESHOT, domid, i, 0, name + " singleshot_timer", t -> sendTimerEvent(v, t));
            v.pollTimer = timers.create(
                    TimerClass.VCPU_POLL, domid, i, 0, name + " poll_timer", t -> blocking.pollTimedOut(v, t));
            v.periodicPeriod = VcpuSetPeriodicTimerDescriptor.PV_DEFAULT_PERIOD_NS;
            v.periodicLastEvent = 0;
        }
        return 0;
    }

    /** {@code sched_destroy_vcpu} for each vCPU: kills its timers, freeing their identities. */
    @Override
    public void domainDestroyed(Domain d, long now) {
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            timers.kill(v.periodicTimer);
            timers.kill(v.singleshotTimer);
            timers.kill(v.pollTimer);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Context switch

    /**
     * {@code sched_context_switch} and {@code context_switch}: the outgoing vCPU's periodic timer stops; the incoming
     * one's is re-armed ({@code vcpu_periodic_timer_work}) and its {@code vcpu_time_info} refreshed ({@code
     * update_vcpu_system_time}).
     */
    @Override
    public void contextSwitched(int pcpu, Vcpu prev, Vcpu next, long now) {
        if (prev != null) {
            timers.stop(prev.periodicTimer);
        }
        if (next != null) {
            periodicWork(next, now);
            systemTime.update(next, now);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Periodic timer

    /**
     * {@code vcpu_set_periodic_timer}: stops the periodic timer and sets its period; a period other than 0 re-arms it
     * at once ({@code vcpu_periodic_timer_work}), whether or not {@code v} runs. The caller has checked the period
     * ({@link VcpuSetPeriodicTimerDescriptor#isValidPeriod}).
     */
    public void setPeriodic(Vcpu v, long periodNs, long now) {
        timers.stop(v.periodicTimer);
        v.periodicPeriod = periodNs;
        if (periodNs != 0) {
            periodicWorkLocked(v, now);
        }
    }

    /** {@code vcpu_periodic_timer_work}: the periodic timer's action, and what a switch-in does. */
    private void periodicWork(Vcpu v, long now) {
        if (v.periodicPeriod != 0) {
            periodicWorkLocked(v, now);
        }
    }

    /**
     * {@code vcpu_periodic_timer_work_locked}: if a whole period passed since the last tick, {@code VIRQ_TIMER} now
     * and the next tick a period from now; otherwise the next tick a period after the last. One tick, however many
     * periods were missed.
     */
    private void periodicWorkLocked(Vcpu v, long now) {
        long next = v.periodicLastEvent + v.periodicPeriod;
        if (now >= next) {
            sendTimerEvent(v, now);
            v.periodicLastEvent = now;
            next = now + v.periodicPeriod;
        }
        timers.set(v.periodicTimer, next);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Single-shot timer

    /**
     * {@code VCPUOP_set_singleshot_timer} on the calling vCPU {@code v}: a timeout already past ({@code timeout_abs_ns <
     * NOW()}, compared unsigned) stops the timer and raises {@code VIRQ_TIMER} at once; otherwise the timer is set for
     * it (a value of 2^63 or more, negative as Xen's {@code s_time_t}, fires at once). The {@code flags} ({@code
     * VCPU_SSHOTTMR_future}) are ignored, as Xen ignores them since 4.18.
     */
    public void setSingleshot(Vcpu v, long timeoutAbsNs, long now) {
        if (VcpuSetSingleshotTimerDescriptor.hasExpired(timeoutAbsNs, now)) {
            timers.stop(v.singleshotTimer);
            sendTimerEvent(v, now);
            return;
        }
        timers.set(v.singleshotTimer, timeoutAbsNs);
    }

    /** {@code VCPUOP_stop_singleshot_timer}, and {@code set_timer_op(0)}. */
    public void stopSingleshot(Vcpu v) {
        timers.stop(v.singleshotTimer);
    }

    /**
     * {@code do_set_timer_op} for the calling vCPU {@code v}: 0 stops the single-shot timer; a timeout that is
     * negative, or more than {@link #SET_TIMER_OP_MAX_OFFSET_NS} in the future, is taken for a guest's wrapped
     * jiffies and set {@link #SET_TIMER_OP_CLAMP_NS} from now instead ("huge timeout"); any other value, past ones
     * included (they fire at once), sets the timer.
     *
     * @return 0, always
     */
    public long setTimerOp(Vcpu v, long timeout, long now) {
        long offset = timeout - now;
        if (timeout == 0) {
            timers.stop(v.singleshotTimer);
        } else if (timeout < 0 || offset >= SET_TIMER_OP_MAX_OFFSET_NS) {
            timers.set(v.singleshotTimer, now + SET_TIMER_OP_CLAMP_NS);
        } else {
            timers.set(v.singleshotTimer, timeout);
        }
        return 0;
    }

    /** {@code send_timer_event}: {@code VIRQ_TIMER} on {@code v}. */
    private void sendTimerEvent(Vcpu v, long now) {
        virqs.raise(v.domain().domid(), v.vcpuId(), Virq.VIRQ_TIMER.code, now);
    }
}
