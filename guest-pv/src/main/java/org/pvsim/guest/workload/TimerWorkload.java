package org.pvsim.guest.workload;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.evtchn.EventHandler;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.Virq;

/**
 * {@code timer}: a guest that only sleeps, {@code count} times for {@code period}, and measures how late each
 * wake-up comes. On its first step each vCPU stops its periodic tick ({@code VCPUOP_stop_periodic_timer}) and binds
 * {@code VIRQ_TIMER} with the workload's handler (the kernel bound it at boot; binding again gives the same port the
 * new handler). Each sleep arms the single-shot timer for {@code rdtsc() + period} ({@code
 * VCPUOP_set_singleshot_timer}, absolute system time, no {@code VCPU_SSHOTTMR_future}) and blocks ({@code
 * SCHEDOP_block}). Xen raises {@code VIRQ_TIMER} at the deadline, which wakes the vCPU; the handler runs in the
 * kernel's upcall and reads the TSC: what it reads minus the deadline is the wake-up's lateness (the time to be
 * scheduled and to take the upcall). A {@code VIRQ_TIMER} before the deadline is counted as early and the vCPU sleeps
 * on.
 *
 * <p>After {@code count} wake-ups over all vCPUs the handler prints one line with the count, the period and the mean,
 * median, 99th percentile and maximum lateness in microseconds; then the vCPUs stay blocked. Without event channels
 * the workload panics: nothing could wake it.
 */
public final class TimerWorkload implements Workload {
    /** The most wake-ups {@code count} may ask for. */
    public static final long MAX_COUNT = 1_000_000;

    /** The spec: {@code workload=timer period=1ms count=1000}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "timer",
            "sleeps on its single-shot timer and reports how late each wake-up comes",
            List.of(
                    WorkloadArgument.duration("period", "1ms", 1_000, 10_000_000_000L, "time asleep each time"),
                    WorkloadArgument.count("count", "1000", 1, MAX_COUNT, "wake-ups over all vCPUs")),
            TimerWorkload::new);

    private final long periodNs;
    private final long count;
    private final Latencies lateness;
    private final EventHandler handler = (c, p) -> timerEvent(c);
    private Kernel kernel;

    /** Per vCPU: whether it has run its first step. */
    private boolean[] started = new boolean[0];
    /** Per vCPU: whether it sleeps on its timer. */
    private boolean[] asleep = new boolean[0];
    /** Per vCPU: the deadline it sleeps until. */
    private long[] deadline = new long[0];

    private long armed;
    private long wakeups;
    private long early;
    private long strays;

    private TimerWorkload(Map<String, String> args) {
        this.periodNs = ArgumentType.Duration.parse(args.get("period"));
        this.count = ArgumentType.Count.parse(args.get("count"));
        this.lateness = new Latencies((int) count);
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        int id = cpu.vcpuId();
        grow(id);
        Hypercalls hc = kernel.hypercalls(cpu);
        if (!started[id]) {
            started[id] = true;
            if (hc.stopPeriodicTimer(id) != 0) {
                kernel.printk(cpu, "timer: vCPU " + id + " keeps its periodic tick");
            }
            int port = kernel.events(cpu).bindVirq(Virq.VIRQ_TIMER, id, handler);
            if (port < 0) {
                throw kernel.panic(cpu, "timer: cannot bind VIRQ_TIMER on vCPU " + id + ": " + Errno.describe(port));
            }
        }
        if (!asleep[id] && armed < count) {
            deadline[id] = cpu.rdtsc() + periodNs;
            long rc = hc.setSingleshotTimer(id, deadline[id], 0);
            if (rc != 0) {
                throw kernel.panic(cpu, "timer: VCPUOP_set_singleshot_timer failed: " + Errno.describe(rc));
            }
            asleep[id] = true;
            armed++;
        }
        long rc = hc.block();
        if (rc != 0) {
            throw kernel.panic(cpu, "timer: SCHEDOP_block failed: " + Errno.describe(rc));
        }
    }

    /** The VIRQ_TIMER handler, in the upcall. */
    private void timerEvent(GuestCpu cpu) {
        int id = cpu.vcpuId();
        long now = cpu.rdtsc();
        if (id >= asleep.length || !asleep[id]) {
            strays++;
            return;
        }
        if (now < deadline[id]) {
            early++;
            return;
        }
        asleep[id] = false;
        lateness.add(now - deadline[id]);
        wakeups++;
        if (wakeups == count) {
            kernel.printk(
                    cpu,
                    "timer: " + wakeups + " wake-ups after " + ArgumentType.Duration.format(periodNs)
                            + " each, late by (us): " + lateness.summaryUs());
        }
    }

    private void grow(int id) {
        if (id >= started.length) {
            started = Arrays.copyOf(started, id + 1);
            asleep = Arrays.copyOf(asleep, id + 1);
            deadline = Arrays.copyOf(deadline, id + 1);
        }
    }

    @Override
    public long progress() {
        return wakeups;
    }

    /** Wake-ups at or after the deadline. */
    public long wakeups() {
        return wakeups;
    }

    /** {@code VIRQ_TIMER} events before the deadline. */
    public long earlyWakeups() {
        return early;
    }

    /** {@code VIRQ_TIMER} events while not asleep. */
    public long strays() {
        return strays;
    }

    /** Whether all {@code count} wake-ups happened. */
    public boolean isDone() {
        return wakeups >= count;
    }

    /** The mean lateness, ns. */
    public double meanLatenessNs() {
        return lateness.meanNs();
    }

    /** The {@code p}th percentile of the lateness, ns. */
    public long latenessPercentileNs(double p) {
        return lateness.percentileNs(p);
    }

    /** The largest lateness, ns. */
    public long maxLatenessNs() {
        return lateness.maxNs();
    }
}
