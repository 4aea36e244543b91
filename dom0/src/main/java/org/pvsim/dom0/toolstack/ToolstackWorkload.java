package org.pvsim.dom0.toolstack;

import java.util.List;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code toolstack}: what dom0's kernel runs — the toolstack's command loop. On vCPU 0 each step runs the next queued
 * toolstack command; with none queued, and on every other vCPU, the vCPU blocks ({@code SCHEDOP_block}) as an idle
 * kernel does.
 */
public final class ToolstackWorkload implements Workload {
    /** The workload's name, as dom0's command line gives it ({@code workload=toolstack}). */
    public static final String NAME = "toolstack";

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
        if (cpu.vcpuId() == 0 && toolstack.hasPending()) {
            toolstack.runNext(kernel, cpu);
            commands++;
            return;
        }
        kernel.hypercalls(cpu).block();
    }

    @Override
    public long progress() {
        return commands;
    }
}
