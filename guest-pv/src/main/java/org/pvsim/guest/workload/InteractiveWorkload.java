package org.pvsim.guest.workload;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code interactive}: a guest that mostly sleeps, like an editor or a shell waiting for keystrokes. Each vCPU
 * computes a short burst of {@code burst} CPU time, then sleeps for {@code sleep}: it arms its single-shot timer for
 * {@code now + sleep} ({@code VCPUOP_set_singleshot_timer}, absolute system time read from the TSC) and blocks
 * ({@code SCHEDOP_block}); the timer's {@code VIRQ_TIMER} wakes it. This is the load that credit's BOOST priority and
 * credit2's wake-up preemption are for: how soon after its timer a vCPU runs again is its wake-up latency.
 *
 * <p>Following Xen's rules ({@code common_vcpu_op}, {@code do_sched_op}):
 *
 * <ul>
 *   <li>the timer is set without {@code VCPU_SSHOTTMR_future}, so a deadline that has already passed (a burst longer
 *       than expected) just fires at once and {@code SCHEDOP_block} returns straight away; there is no {@code
 *       -ETIME} to handle;
 *   <li>a wake-up before the deadline (the periodic tick, if the hypervisor still runs it, or another event) is not
 *       the timer: the vCPU blocks again without computing, and the early wake-up is counted;
 *   <li>on its first step each vCPU stops its periodic timer ({@code VCPUOP_stop_periodic_timer}), as a tickless
 *       Linux does when it uses the single-shot timer, so that the 10 ms default tick does not wake it needlessly. If
 *       the hypervisor refuses, the tick stays and only costs early wake-ups.
 * </ul>
 *
 * A failing {@code VCPUOP_set_singleshot_timer} is a kernel panic: the vCPU could never wake. With {@code iterations
 * > 0} the domain powers off after that many bursts over all vCPUs.
 */
public final class InteractiveWorkload implements Workload {
    /** The most bursts {@code iterations} may ask for. */
    public static final long MAX_ITERATIONS = 1_000_000_000_000L;

    /** The spec: {@code workload=interactive burst=500us sleep=10ms iterations=0}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "interactive",
            "computes short bursts and sleeps on its single-shot timer between them",
            List.of(
                    WorkloadArgument.duration("burst", "500us", 1_000, 1_000_000_000, "CPU time one burst computes"),
                    WorkloadArgument.duration(
                            "sleep", "10ms", 1_000, 10_000_000_000L, "time asleep after each burst, until the timer"),
                    WorkloadArgument.count(
                            "iterations",
                            "0",
                            0,
                            MAX_ITERATIONS,
                            "bursts to run over all vCPUs before powering off; 0 runs forever")),
            InteractiveWorkload::new);

    private final long burstNs;
    private final long sleepNs;
    private final long iterations;

    /** Per vCPU: whether it has run its first step. */
    private boolean[] started = new boolean[0];
    /** Per vCPU: whether it is asleep on its timer. */
    private boolean[] asleep = new boolean[0];
    /** Per vCPU: the deadline its timer was set for, while asleep. */
    private long[] deadline = new long[0];
    /** Per vCPU: whether it has computed its burst and sleeps at its next step. */
    private boolean[] computed = new boolean[0];

    private boolean announced;
    private long bursts;
    private long wakeups;
    private long earlyWakeups;
    private long totalLatencyNs;
    private long maxLatencyNs;

    InteractiveWorkload(Map<String, String> args) {
        this.burstNs = ArgumentType.Duration.parse(args.get("burst"));
        this.sleepNs = ArgumentType.Duration.parse(args.get("sleep"));
        this.iterations = ArgumentType.Count.parse(args.get("iterations"));
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        int id = cpu.vcpuId();
        grow(id);
        Hypercalls hc = kernel.hypercalls(cpu);
        if (!started[id]) {
            start(kernel, cpu, hc, id);
        }
        if (asleep[id]) {
            long now = cpu.rdtsc();
            if (now < deadline[id]) {
                earlyWakeups++;
                block(kernel, cpu, hc);
                return;
            }
            asleep[id] = false;
            wakeups++;
            long latency = now - deadline[id];
            totalLatencyNs += latency;
            maxLatencyNs = Math.max(maxLatencyNs, latency);
        }
        if (!computed[id]) {
            if (iterations > 0 && bursts >= iterations) {
                hc.yield();
                return;
            }
            // The burst is a step of its own: a step's CPU time is paid after its hypercalls, so sleeping in the
            // same step would block before the burst had run.
            cpu.compute(burstNs);
            bursts++;
            computed[id] = true;
            return;
        }
        computed[id] = false;
        if (iterations > 0 && bursts == iterations) {
            kernel.printk(cpu, "interactive: " + bursts + " bursts done; powering off");
            kernel.poweroff(cpu);
            return;
        }
        long wakeAt = cpu.rdtsc() + sleepNs;
        long rc = hc.setSingleshotTimer(id, wakeAt, 0);
        if (rc != 0) {
            throw kernel.panic(cpu, "interactive: VCPUOP_set_singleshot_timer failed: " + Errno.describe(rc));
        }
        asleep[id] = true;
        deadline[id] = wakeAt;
        block(kernel, cpu, hc);
    }

    private void start(Kernel kernel, GuestCpu cpu, Hypercalls hc, int id) {
        started[id] = true;
        if (!announced) {
            announced = true;
            kernel.printk(
                    cpu,
                    "interactive: bursts of " + ArgumentType.Duration.format(burstNs) + ", sleeping "
                            + ArgumentType.Duration.format(sleepNs) + " after each, "
                            + (iterations == 0 ? "forever" : iterations + " in all"));
        }
        long rc = hc.stopPeriodicTimer(id);
        if (rc != 0) {
            kernel.printk(
                    cpu,
                    "interactive: vCPU " + id + " keeps its periodic tick (VCPUOP_stop_periodic_timer: "
                            + Errno.describe(rc) + ")");
        }
    }

    private static void block(Kernel kernel, GuestCpu cpu, Hypercalls hc) {
        long rc = hc.block();
        if (rc != 0) {
            throw kernel.panic(cpu, "interactive: SCHEDOP_block failed: " + Errno.describe(rc));
        }
    }

    private void grow(int id) {
        if (id >= started.length) {
            int n = id + 1;
            started = Arrays.copyOf(started, n);
            asleep = Arrays.copyOf(asleep, n);
            deadline = Arrays.copyOf(deadline, n);
            computed = Arrays.copyOf(computed, n);
        }
    }

    @Override
    public long progress() {
        return bursts;
    }

    /** Bursts computed so far, over all vCPUs. */
    public long bursts() {
        return bursts;
    }

    /** Wake-ups at or after a vCPU's deadline: sleeps that ended. */
    public long wakeups() {
        return wakeups;
    }

    /** Wake-ups before the deadline, after which the vCPU blocked again. */
    public long earlyWakeups() {
        return earlyWakeups;
    }

    /** The sum over {@link #wakeups()} of the time from the deadline to the vCPU running again, ns. */
    public long totalLatencyNs() {
        return totalLatencyNs;
    }

    /** The longest such time, ns. */
    public long maxLatencyNs() {
        return maxLatencyNs;
    }
}
