package org.pvsim.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.GuestKernel;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;

/**
 * How fast each scheduler lets pvsim simulate a loaded host: 64 CPU-bound vCPUs (8 domains of 8) on 8 pCPUs for 60
 * virtual seconds, on the real hypervisor and execution engine, with synthetic kernels that compute 1 ms per step and
 * no journal. The score is wall time per run; simulated seconds per wall second is 60 divided by it. Its baseline in
 * the same run is {@code rr}, the simplest policy: the ratio to it is what a policy's own work costs.
 *
 * <p>Run: {@code java -jar test/target/benchmarks.jar SchedulerBenchmark} (see docs/schedulers.md, "Performance").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Dchronicle.analytics.disable=true")
public class SchedulerBenchmark {
    static final int PCPUS = 8;
    static final int DOMAINS = 8;
    static final int VCPUS_PER_DOMAIN = 8;
    static final long VIRTUAL_NS = 60_000_000_000L;

    @Param({"rr", "credit2", "credit", "rtds", "null"})
    public String scheduler;

    /** A booted host with the 64 vCPUs runnable, and the engine that runs it. */
    static GuestExecution loadedHost(String scheduler) {
        BootParameters params = new BootParameters(
                "bench", "scheduler-bench", 1, PCPUS, 262_144, scheduler, 4096, 1, "idle", "", 1, 1, "");
        Hypervisor hv = HostBoot.boot(params, Journal.OFF);
        GuestKernel cpuBound = cpu -> cpu.compute(1_000_000);
        GuestKernel idle = cpu -> cpu.hypercall(29, 1, 0, 0, 0, 0); // sched_op(SCHEDOP_block)
        for (int d = 1; d <= DOMAINS; d++) {
            Domain dom = PvDomainBuilder.build(hv, d, false, 1024, VCPUS_PER_DOMAIN, "bench", "");
            // Synthetic kernels touch no memory: secondary vCPUs share vCPU 0's tables (what VCPUOP_initialise
            // would set up), without references; the benchmark never destroys a domain.
            Vcpu v0 = dom.vcpu(0);
            for (int i = 1; i < VCPUS_PER_DOMAIN; i++) {
                Vcpu v = dom.vcpu(i);
                v.setGuestTable(v0.guestTable());
                v.setContext(v0.contextRip(), v0.contextRsp(), v0.contextRsi());
                v.setInitialised(true);
                hv.lifecycle().vcpuUp(v, hv.now());
            }
        }
        return new GuestExecution(hv, (domid, image) -> domid == 0 ? idle : cpuBound, ExecutionCosts.DEFAULT);
    }

    private GuestExecution exec;

    @Setup(org.openjdk.jmh.annotations.Level.Invocation)
    public void boot() {
        exec = loadedHost(scheduler);
    }

    /** 60 virtual seconds of the loaded host. */
    @Benchmark
    public boolean sixtyVirtualSeconds() {
        return exec.runUntil(VIRTUAL_NS);
    }
}
