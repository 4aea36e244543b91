package org.pvsim.dom0.toolstack;

import java.util.List;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code toolstack}: what dom0's kernel runs — the toolstack's command loop. On vCPU 0 each step runs the next queued
 * toolstack command once it is due. With none queued, and on every other vCPU, the vCPU blocks ({@code SCHEDOP_block})
 * as an idle kernel does.
 *
 * <p>When the next command is queued for later (an xl command "typed" at a given time, {@link Toolstack#xl}), vCPU 0
 * arms its single-shot timer for that time ({@code VCPUOP_set_singleshot_timer}) and blocks; the timer's {@code
 * VIRQ_TIMER} wakes it, like a shell's {@code sleep} would. On a hypervisor without vCPU timers ({@code -ENOSYS})
 * it cannot sleep, so it polls instead: it computes for up to {@link #POLL_NS} and yields, keeping its vCPU busy until
 * the command is due.
 */
public final class ToolstackWorkload implements Workload {
    /** The workload's name, as dom0's command line gives it ({@code workload=toolstack}). */
    public static final String NAME = "toolstack";

    /** How long one polling step computes while waiting without timers: 1 ms. */
    public static final long POLL_NS = 1_000_000L;

    private final Toolstack toolstack;
    private long commands;

    private ToolstackWorkload(Toolstack toolstack) {
        this.toolstack = toolstack;
    }

    /** The spec of a toolstack workload that runs {@code toolstack}'s commands. */
    public static WorkloadSpec spec(Toolstack toolstack) {
        return WorkloadSpec.of(
                NAME, "dom0's toolstack: runs queued xl commands", List.of(), args -> new ToolstackWorkload(toolstack));
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        Hypercalls hc = kernel.hypercalls(cpu);
        if (cpu.vcpuId() == 0 && toolstack.hasPending()) {
            long due = toolstack.nextDueNs();
            long now = cpu.rdtsc();
            if (due <= now) {
                toolstack.runNext(kernel, cpu);
                commands++;
                return;
            }
            if (hc.setSingleshotTimer(0, due, 0) != 0) {
                cpu.compute(Math.min(due - now, POLL_NS));
                hc.yield();
                return;
            }
        }
        hc.block();
    }

    @Override
    public long progress() {
        return commands;
    }
}
