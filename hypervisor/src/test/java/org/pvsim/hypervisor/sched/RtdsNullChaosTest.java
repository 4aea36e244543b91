package org.pvsim.hypervisor.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.nullsched.NullScheduler;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

/**
 * RTDS and null under random pauses, vCPUs going down and up, and affinity changes, on a real hypervisor: the core
 * reports no policy bug (a vCPU chosen while not runnable, running elsewhere or outside its hard affinity), nothing
 * throws, and the null scheduler's assignment stays consistent. Seeded: {@code -Dpvsim.seed=N}.
 */
class RtdsNullChaosTest {
    private static final long MS = 1_000_000L;
    private static final int PCPUS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"rtds", "null"})
    void randomLifecycleAndAffinityChangesBreakNoInvariant(String policy) {
        long seed = Long.getLong("pvsim.seed", 0xc4a05L);
        Random r = new Random(seed);
        SchedTestbed t = new SchedTestbed(policy, PCPUS)
                .domain(1, 2, Load.cpuBound())
                .domain(2, 2, Load.cpuBound())
                .domain(3, 2, Load.interactive(300_000, 700_000));
        int step = 0;
        try {
            for (; step < 400; step++) {
                int domid = 1 + r.nextInt(3);
                Domain d = t.hv.domains().get(domid);
                Vcpu v = d.vcpu(r.nextInt(d.maxVcpus()));
                long now = t.hv.now();
                switch (r.nextInt(5)) {
                    case 0 -> t.hv.lifecycle().pauseByController(d, now);
                    case 1 -> {
                        if (d.controllerPauseCount() > 0) {
                            t.hv.lifecycle().unpauseByController(d, now);
                        }
                    }
                    case 2 -> t.hv.lifecycle().vcpuDown(v, now);
                    case 3 -> t.hv.lifecycle().vcpuUp(v, now);
                    default -> {
                        CpuMask hard = CpuMask.none(PCPUS);
                        CpuMask soft = CpuMask.none(PCPUS);
                        for (int p = 0; p < PCPUS; p++) {
                            if (r.nextInt(3) > 0) {
                                hard.set(p);
                            }
                            if (r.nextBoolean()) {
                                soft.set(p);
                            }
                        }
                        hard.set(r.nextInt(PCPUS));
                        assertThat(t.hv.sched().setAffinity(v, hard, soft, now)).isZero();
                    }
                }
                t.run(r.nextInt(4) * MS + r.nextInt(1_000_000));
                if (t.hv.sched().policy() instanceof NullScheduler nul) {
                    checkAssignment(t, nul);
                }
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    policy + ", seed " + seed + " (-Dpvsim.seed=" + seed + "), step " + step + ": " + e, e);
        }
    }

    /** Each assigned vCPU is online, inside its hard affinity, assigned once and not waiting. */
    private static void checkAssignment(SchedTestbed t, NullScheduler nul) {
        for (int p = 0; p < PCPUS; p++) {
            Vcpu a = nul.assignedVcpu(p);
            if (a == null) {
                continue;
            }
            assertThat(a.isUp()).as("%s on pCPU %d is online", a, p).isTrue();
            assertThat(a.hardAffinity().contains(p))
                    .as("%s on pCPU %d, affinity %s", a, p, a.hardAffinity())
                    .isTrue();
            assertThat(nul.isWaiting(a)).isFalse();
            for (int q = p + 1; q < PCPUS; q++) {
                assertThat(nul.assignedVcpu(q)).isNotSameAs(a);
            }
        }
    }
}
