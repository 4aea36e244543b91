package org.pvsim.guest;

import java.util.List;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * A workload for tests: runs a test's script once, on vCPU 0's first workload step, as kernel code; afterwards it
 * spins and yields like {@code idle}. An assertion failing inside the script ends the run with that failure.
 */
final class ScriptWorkload implements Workload {
    /** The code a test runs inside the guest. */
    @FunctionalInterface
    interface Script {
        void run(Kernel kernel, GuestCpu cpu);
    }

    private final Script script;
    private boolean ran;

    private ScriptWorkload(Script script) {
        this.script = script;
    }

    /** A catalog: the standard workloads plus {@code script}, which runs {@code script}. */
    static WorkloadCatalog catalog(Script script) {
        ScriptWorkload w = new ScriptWorkload(script);
        return WorkloadCatalog.standard()
                .with(WorkloadSpec.of("script", "runs a test's script once", List.of(), args -> w));
    }

    boolean ran() {
        return ran;
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        if (!ran && cpu.vcpuId() == 0) {
            ran = true;
            script.run(kernel, cpu);
            return;
        }
        cpu.compute(1_000_000);
        kernel.hypercalls(cpu).yield();
    }

    @Override
    public long progress() {
        return ran ? 1 : 0;
    }
}
