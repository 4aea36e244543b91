package org.pvsim.hypervisor.sched.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.GuestKernel;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.ReplayTarget;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.WakeLatency;

/**
 * A host for scheduler tests: a real hypervisor running the named policy, whose domains run tiny synthetic kernels
 * on the real execution engine, so shares, latencies and migrations come out of the same code a scenario runs.
 *
 * <p>Kernels: {@link Load#cpuBound()} computes forever; {@link Load#interactive} computes a burst, then sleeps on a
 * single-shot timer ({@code set_timer_op}) and blocks ({@code SCHEDOP_block}), and again. dom0 runs an idle kernel
 * that blocks. Use: {@code new SchedTestbed("credit", 1).domain(1, Load.cpuBound()).run(30 s)}, then read {@link
 * #cpuShare}.
 *
 * <p>A testbed may record into a real journal ({@link #SchedTestbed(String, int, int, String, Journal)}); {@link
 * #replayFactory()} then boots hosts that repeat its setup (domains, parameters), so the journal can be replayed with
 * {@code journal.Replayer}. The setup is not journalled (the testbed builds domains from inside the hypervisor), so it
 * must all come before the first {@link #run}.
 */
public final class SchedTestbed {
    /** What a synthetic domain's vCPUs do. */
    public interface Load {
        /** Computes forever, 1 ms per step. */
        static Load cpuBound() {
            return () -> cpu -> cpu.compute(1_000_000);
        }

        /** Computes {@code burstNs}, then sleeps {@code sleepNs} (timer and block), and again. */
        static Load interactive(long burstNs, long sleepNs) {
            return () -> new GuestKernel() {
                private final boolean[] computed = new boolean[64];

                @Override
                public void step(GuestCpu cpu) {
                    int v = cpu.vcpuId();
                    if (!computed[v]) {
                        computed[v] = true;
                        cpu.compute(burstNs);
                        return;
                    }
                    computed[v] = false;
                    cpu.hypercall(Hypercall.set_timer_op.number, cpu.rdtsc() + sleepNs, 0, 0, 0, 0);
                    cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_block.code, 0, 0, 0, 0);
                }
            };
        }

        /** Blocks whenever it runs. */
        static Load idle() {
            return () -> cpu -> cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_block.code, 0, 0, 0, 0);
        }

        /** A new kernel instance (one per domain; it runs on all the domain's vCPUs). */
        GuestKernel newKernel();
    }

    public final Hypervisor hv;
    private final GuestKernel[] kernels = new GuestKernel[256];
    private final List<Domain> domains = new ArrayList<>();
    private GuestExecution exec;
    private long startedAt = -1;
    private final long[] cpuAtStart = new long[256];
    /** What the setup did to the hypervisor, in order, for {@link #replayFactory()} to repeat. */
    private final List<Consumer<Hypervisor>> setup = new ArrayList<>();

    private boolean setupAfterStart;

    /** A host of {@code pcpus} pCPUs (one socket) running {@code scheduler}, with no Xen boot options. */
    public SchedTestbed(String scheduler, int pcpus) {
        this(scheduler, pcpus, 1, "");
    }

    /** A host of {@code pcpus} pCPUs in {@code sockets} sockets, running {@code scheduler} with these boot options. */
    public SchedTestbed(String scheduler, int pcpus, int sockets, String xenCmdline) {
        this(scheduler, pcpus, sockets, xenCmdline, Journal.OFF);
    }

    /** As {@link #SchedTestbed(String, int, int, String)}, reporting to {@code journal}. */
    public SchedTestbed(String scheduler, int pcpus, int sockets, String xenCmdline, Journal journal) {
        BootParameters params = new BootParameters(
                "test", "sched-test", 1, pcpus, 65536, scheduler, 4096, 1, "idle", "", sockets, 1, xenCmdline);
        hv = HostBoot.boot(params, journal);
        kernels[0] = Load.idle().newKernel();
    }

    private void setUp(Consumer<Hypervisor> step) {
        setupAfterStart |= startedAt >= 0;
        setup.add(step);
        step.accept(hv);
    }

    /**
     * A factory for {@code journal.Replayer} that boots a host from the journal's boot record and repeats this
     * testbed's setup on it, as the recording did before its first input.
     *
     * @throws IllegalStateException if the setup changed after the first {@link #run}: replay could not repeat it
     */
    public ReplayTarget.Factory replayFactory() {
        if (setupAfterStart) {
            throw new IllegalStateException("the testbed's setup changed after its run began: replay cannot repeat it");
        }
        List<Consumer<Hypervisor>> steps = List.copyOf(setup);
        return (params, journal) -> {
            Hypervisor h = HostBoot.boot(params, journal);
            for (Consumer<Hypervisor> step : steps) {
                step.accept(h);
            }
            return h;
        };
    }

    /** Builds domain {@code domid} with {@code vcpus} vCPUs running {@code load}; they start runnable. */
    public SchedTestbed domain(int domid, int vcpus, Load load) {
        setUp(h -> build(h, domid, vcpus));
        kernels[domid] = load.newKernel();
        domains.add(hv.domains().get(domid));
        return this;
    }

    private static void build(Hypervisor hv, int domid, int vcpus) {
        Domain d = PvDomainBuilder.build(hv, domid, false, 1024, vcpus, "synthetic", "");
        // The synthetic kernels share vCPU 0's tables on every vCPU without taking references (what
        // VCPUOP_initialise would do); the testbed never destroys a domain.
        Vcpu v0 = d.vcpu(0);
        for (int i = 1; i < vcpus; i++) {
            Vcpu v = d.vcpu(i);
            v.setGuestTable(v0.guestTable());
            v.setContext(v0.contextRip(), v0.contextRsp(), v0.contextRsi());
            v.setInitialised(true);
            hv.lifecycle().vcpuUp(v, hv.now());
        }
    }

    /** Builds domain {@code domid} with one vCPU running {@code load}. */
    public SchedTestbed domain(int domid, Load load) {
        return domain(domid, 1, load);
    }

    /** Sets the policy's parameters of {@code domid} (as {@code XEN_DOMCTL_SCHEDOP_putinfo}); fails on an error. */
    public SchedTestbed params(int domid, SchedParams p) {
        setUp(h -> {
            int rc = h.sched().policy().putDomainParams(h.domains().get(domid), p, h.now());
            if (rc != 0) {
                throw new AssertionError("putDomainParams(d" + domid + ", " + p + ") = " + rc);
            }
        });
        return this;
    }

    /**
     * Sets the policy's parameters of vCPU {@code vcpu} of {@code domid} (as {@code XEN_DOMCTL_SCHEDOP_putvcpuinfo});
     * fails on an error.
     */
    public SchedTestbed vcpuParams(int domid, int vcpu, SchedParams p) {
        int rc = hv.sched().policy().putVcpuParams(hv.vcpu(domid, vcpu), p, hv.now());
        if (rc != 0) {
            throw new AssertionError("putVcpuParams(d" + domid + "v" + vcpu + ", " + p + ") = " + rc);
        }
        return this;
    }

    /** Credit/credit2 weight and cap for {@code domid}. */
    public SchedTestbed weight(int domid, int weight, int cap) {
        SchedParams p = new SchedParams();
        p.weight = weight;
        p.cap = cap;
        return params(domid, p);
    }

    /** Runs the host for {@code ns} of virtual time; shares are measured from the first call. */
    public SchedTestbed run(long ns) {
        if (exec == null) {
            exec = new GuestExecution(hv, (domid, image) -> kernels[domid], ExecutionCosts.DEFAULT);
        }
        if (startedAt < 0) {
            startedAt = hv.now();
            for (Domain d : domains) {
                cpuAtStart[d.domid()] = d.cpuTime(startedAt);
            }
        }
        exec.runUntil(hv.now() + ns);
        if (!hv.bugs().isEmpty()) {
            throw new AssertionError("hypervisor bugs: " + hv.bugs());
        }
        if (!exec.failures().isEmpty()) {
            throw new AssertionError("guest failures: " + exec.failures());
        }
        return this;
    }

    /** The CPU time domain {@code domid} got since the first {@link #run}, as a fraction of one pCPU's time. */
    public double cpuShare(int domid) {
        long now = hv.now();
        return (double) (hv.domains().get(domid).cpuTime(now) - cpuAtStart[domid]) / (now - startedAt);
    }

    /** The wake-to-run latencies of domain {@code domid}. */
    public WakeLatency latency(int domid) {
        return hv.sched().wakeLatency(domid);
    }

    /** How many times the vCPUs of {@code domid} started running on another pCPU than the one they last ran on. */
    public long migrations(int domid) {
        Domain d = hv.domains().get(domid);
        long n = 0;
        for (int i = 0; i < d.maxVcpus(); i++) {
            n += d.vcpu(i).migrations();
        }
        return n;
    }

    /** The CPU time vCPU {@code vcpu} of {@code domid} has had since it was built. */
    public long cpuTime(int domid, int vcpu) {
        return hv.vcpu(domid, vcpu).cpuTime(hv.now());
    }

    /** The vCPU {@code vcpu} of domain {@code domid}. */
    public Vcpu vcpu(int domid, int vcpu) {
        return hv.vcpu(domid, vcpu);
    }
}
