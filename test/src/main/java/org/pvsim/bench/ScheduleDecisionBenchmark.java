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
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerHost;

/**
 * The cost of one scheduling decision ({@code do_schedule} through the scheduler core, context switch and accounting
 * included, journal off) on a host of 8 pCPUs with 64 runnable vCPUs, per policy, against its baseline in the same
 * run: a plain interface call to a policy whose {@code doSchedule} only fills in the answer. Each call advances
 * virtual time by 100 µs and moves to the next pCPU, so the policies see a realistic stream (timeslices end, credit is
 * burned); their timers do not fire, as only decisions are measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dchronicle.analytics.disable=true")
public class ScheduleDecisionBenchmark {
    @Param({"rr", "credit2", "credit", "rtds", "null"})
    public String scheduler;

    private Hypervisor hv;
    private final ScheduleDecision decision = new ScheduleDecision();
    private long now;
    private int pcpu;

    /** The baseline: a policy that does nothing but answer, called through the interface. */
    private Scheduler plain;

    private Vcpu someVcpu;

    @Setup
    public void boot() {
        GuestExecution exec = SchedulerBenchmark.loadedHost(scheduler);
        exec.runUntil(100_000_000L); // 100 ms: every vCPU has run and the policy is in steady state
        hv = exec.hypervisor();
        now = hv.now();
        someVcpu = hv.vcpu(1, 0);
        plain = new Scheduler() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public int schedulerId() {
                return 0;
            }

            @Override
            public void init(SchedulerHost host) {}

            @Override
            public void insertVcpu(Vcpu v, long t) {}

            @Override
            public void removeVcpu(Vcpu v, long t) {}

            @Override
            public void sleep(Vcpu v, long t) {}

            @Override
            public void wake(Vcpu v, long t) {}

            @Override
            public void yield(Vcpu v, long t) {}

            @Override
            public void doSchedule(int p, Vcpu prev, long t, ScheduleDecision out) {
                out.set(prev, 1_000_000L);
            }
        };
    }

    /** Baseline: one plain interface call that fills in a decision. */
    @Benchmark
    public ScheduleDecision plainInterfaceCall() {
        now += 100_000;
        plain.doSchedule(pcpu, someVcpu, now, decision);
        pcpu = (pcpu + 1) % SchedulerBenchmark.PCPUS;
        return decision;
    }

    /** One {@code do_schedule} of the policy, through the core. */
    @Benchmark
    public long decision() {
        now += 100_000;
        long slice = hv.schedule(pcpu, now, decision);
        pcpu = (pcpu + 1) % SchedulerBenchmark.PCPUS;
        return slice;
    }
}
