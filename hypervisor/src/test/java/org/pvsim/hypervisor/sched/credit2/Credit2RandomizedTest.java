package org.pvsim.hypervisor.sched.credit2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

/**
 * Random hosts (1-4 pCPUs, any runqueue arrangement and rate limit), random domains (1-3 vCPUs, weights, caps,
 * CPU-bound, interactive or idle loads, some pinned), run for a virtual second with pauses, unpauses, weight and
 * affinity changes on the way. Invariants: the hypervisor reports no bug (the testbed fails on one); credit2's own bookkeeping holds
 * (runqs sorted by credit, loads equal to the runnable units, credit never below -10 ms); a capped domain gets at
 * most its cap plus 1% of a pCPU; and the same seed gives the same CPU time to every domain, to the nanosecond.
 *
 * <p>Seeded: the seed is in the test's name and in every assertion; {@code -Dpvsim.seed=N} re-runs one.
 */
@Timeout(120)
class Credit2RandomizedTest {
    private static final long BASE_SEED = 20260606L;
    private static final long MS = 1_000_000L;
    private static final String[] ARRANGEMENTS = {"cpu", "core", "socket", "node", "all"};
    private static final int[] RATELIMITS = {0, 100, 1000};

    static LongStream seeds() {
        String one = System.getProperty("pvsim.seed");
        if (one != null) {
            return LongStream.of(Long.parseLong(one));
        }
        return new Random(BASE_SEED).longs(24);
    }

    /** What one run produced: every domain's CPU time and the number of decisions. */
    private record Outcome(List<Long> cpuTimes, long decisions) {}

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomHostsKeepCredit2sInvariantsAndAreDeterministic(long seed) {
        Outcome first = run(seed);
        Outcome second = run(seed);
        assertThat(second).as("seed %d: the same seed gives the same run", seed).isEqualTo(first);
    }

    private static Outcome run(long seed) {
        Random r = new Random(seed);
        int pcpus = 1 + r.nextInt(4);
        int sockets = pcpus % 2 == 0 && r.nextBoolean() ? 2 : 1;
        String cmdline = "credit2_runqueue=" + ARRANGEMENTS[r.nextInt(ARRANGEMENTS.length)] + " sched_ratelimit_us="
                + RATELIMITS[r.nextInt(RATELIMITS.length)];
        String what = "seed " + seed + " (" + pcpus + " pCPUs, " + sockets + " socket(s), " + cmdline + ")";
        SchedTestbed t = new SchedTestbed("credit2", pcpus, sockets, cmdline);

        int domains = 1 + r.nextInt(6);
        int[] vcpus = new int[domains + 1];
        int[] caps = new int[domains + 1];
        for (int d = 1; d <= domains; d++) {
            vcpus[d] = 1 + r.nextInt(3);
            int kind = r.nextInt(10);
            Load load = kind < 5
                    ? Load.cpuBound()
                    : kind < 8
                            ? Load.interactive(50_000 + r.nextInt(5_000_000), 100_000 + r.nextInt(10_000_000))
                            : Load.idle();
            t.domain(d, vcpus[d], load);
            caps[d] = r.nextInt(3) == 0 ? 1 + r.nextInt(100 * vcpus[d]) : 0;
            t.weight(d, 1 + r.nextInt(2000), caps[d]);
            pinSome(t, r, d, pcpus);
            what += "; d" + d + ": " + vcpus[d] + " vCPU(s), load " + kind + ", cap " + caps[d];
        }

        long total = 0;
        boolean[] paused = new boolean[domains + 1];
        int[] pausedVcpu = new int[domains + 1];
        java.util.Arrays.fill(pausedVcpu, -1);
        for (int phase = 0; phase < 4; phase++) {
            for (int step = 0; step < 10; step++) {
                t.run(25 * MS);
                total += 25 * MS;
                if (r.nextInt(10) < 3) {
                    pauseOrUnpause(t, r, 1 + r.nextInt(domains), paused, pausedVcpu);
                }
            }
            checkBookkeeping(t, what + ", after " + total / MS + " ms");
            int d = 1 + r.nextInt(domains);
            t.weight(d, 1 + r.nextInt(2000), caps[d]);
            pinSome(t, r, 1 + r.nextInt(domains), pcpus);
        }

        List<Long> cpuTimes = new ArrayList<>();
        long now = t.hv.now();
        for (int d = 1; d <= domains; d++) {
            if (caps[d] != 0) {
                assertThat(t.cpuShare(d))
                        .as("%s: d%d, capped at %d%%, got", what, d, caps[d])
                        .isLessThanOrEqualTo(caps[d] / 100.0 + 0.01);
            }
            assertThat(t.cpuShare(d)).as("%s: d%d", what, d).isLessThanOrEqualTo(vcpus[d] + 1e-9);
            cpuTimes.add(t.hv.domains().get(d).cpuTime(now));
        }
        return new Outcome(cpuTimes, t.hv.sched().decisions());
    }

    /** Gives some of domain {@code d}'s vCPUs a random hard affinity (and all of them a random soft one, sometimes). */
    private static void pinSome(SchedTestbed t, Random r, int d, int pcpus) {
        for (int i = 0; i < t.hv.domains().get(d).maxVcpus(); i++) {
            if (r.nextInt(4) != 0) {
                continue;
            }
            CpuMask hard = CpuMask.none(pcpus);
            CpuMask soft = CpuMask.none(pcpus);
            for (int c = 0; c < pcpus; c++) {
                if (r.nextBoolean()) {
                    hard.set(c);
                }
                if (r.nextBoolean()) {
                    soft.set(c);
                }
            }
            if (hard.isEmpty()) {
                hard.set(r.nextInt(pcpus));
            }
            assertThat(t.hv.sched().setAffinity(t.vcpu(d, i), hard, soft, t.hv.now()))
                    .isZero();
        }
    }

    /** Pauses domain {@code d} (or one of its vCPUs) if it is not paused, else unpauses what was paused. */
    private static void pauseOrUnpause(SchedTestbed t, Random r, int d, boolean[] paused, int[] pausedVcpu) {
        var lifecycle = t.hv.lifecycle();
        var dom = t.hv.domains().get(d);
        long now = t.hv.now();
        if (paused[d]) {
            assertThat(lifecycle.unpauseByController(dom, now)).isZero();
            paused[d] = false;
        } else if (pausedVcpu[d] >= 0) {
            lifecycle.unpauseVcpu(dom.vcpu(pausedVcpu[d]), now);
            pausedVcpu[d] = -1;
        } else if (r.nextBoolean()) {
            assertThat(lifecycle.pauseByController(dom, now)).isZero();
            paused[d] = true;
        } else {
            pausedVcpu[d] = r.nextInt(dom.maxVcpus());
            lifecycle.pauseVcpu(dom.vcpu(pausedVcpu[d]), now);
        }
    }

    /** Credit2's bookkeeping, checked from outside: sorted runqs, exact loads, credit floor, hard affinity. */
    private static void checkBookkeeping(SchedTestbed t, String what) {
        Credit2Scheduler s = (Credit2Scheduler) t.hv.sched().policy();
        for (Credit2Runqueue rqd : s.runqueues) {
            int queued = 0;
            for (Credit2Unit u = rqd.runqHead; u != null; u = u.runqNext) {
                queued++;
                assertThat(u.rqd).as("%s: %s queued on %s", what, u, rqd).isSameAs(rqd);
                assertThat(u.scheduled)
                        .as("%s: %s queued while running", what, u)
                        .isFalse();
                if (u.runqNext != null) {
                    assertThat(u.credit).as("%s: %s order", what, rqd).isGreaterThanOrEqualTo(u.runqNext.credit);
                }
            }
            int runningHere = 0;
            for (int p = 0; p < s.nrPcpus; p++) {
                if (s.rqOf[p] == rqd && s.running[p] != null) {
                    runningHere++;
                }
            }
            assertThat(rqd.load).as("%s: %s load", what, rqd).isEqualTo(queued + runningHere);
            for (Credit2Unit u = rqd.svcHead; u != null; u = u.svcNext) {
                assertThat(u.credit).as("%s: %s", what, u).isGreaterThanOrEqualTo(Credit2Scheduler.CREDIT_MIN);
                assertThat(rqd.active.contains(u.processor))
                        .as("%s: %s on %s", what, u, rqd)
                        .isTrue();
            }
        }
        for (int p = 0; p < s.nrPcpus; p++) {
            Vcpu v = t.hv.sched().current(p);
            if (v != null) {
                assertThat(v.hardAffinity().contains(p))
                        .as("%s: %s on pCPU %d", what, v, p)
                        .isTrue();
            }
        }
    }
}
