package org.pvsim.hypervisor.sched.rtds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

/**
 * Random reservation sets of total utilisation at most 1 on one pCPU, where EDF is optimal: after the warm-up (the
 * first periods run with Xen's default parameters) no vCPU misses a deadline, and each gets its reservation. Each set
 * runs twice and must give the same result to the nanosecond. Seeded: {@code -Dpvsim.seed=N}.
 */
class RtdsRandomizedTest {
    private static final long MS = 1_000_000L;
    private static final long WARM_UP = 200 * MS;
    private static final long RUN = 2000 * MS;
    private static final int ROUNDS = 20;

    /** A reservation set: periods and budgets in µs. */
    private record TaskSet(long[] periodUs, long[] budgetUs) {
        double utilisation() {
            double u = 0;
            for (int i = 0; i < periodUs.length; i++) {
                u += (double) budgetUs[i] / periodUs[i];
            }
            return u;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < periodUs.length; i++) {
                s.append(budgetUs[i]).append('/').append(periodUs[i]).append("us ");
            }
            return s.append(String.format("U=%.4f", utilisation())).toString();
        }
    }

    /** What a run gave: per vCPU, CPU time in the measured window and deadlines missed in it; decisions taken. */
    private record Outcome(long[] cpu, long[] misses, long decisions) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome x
                    && Arrays.equals(cpu, x.cpu)
                    && Arrays.equals(misses, x.misses)
                    && decisions == x.decisions;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cpu) * 31 + Arrays.hashCode(misses);
        }

        @Override
        public String toString() {
            return "cpu=" + Arrays.toString(cpu) + " misses=" + Arrays.toString(misses) + " decisions=" + decisions;
        }
    }

    private static TaskSet draw(Random r) {
        while (true) {
            int n = 2 + r.nextInt(5);
            double target = 0.5 + 0.5 * r.nextDouble();
            double[] w = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                w[i] = 0.05 + r.nextDouble();
                sum += w[i];
            }
            long[] p = new long[n];
            long[] b = new long[n];
            for (int i = 0; i < n; i++) {
                p[i] = 1000 + r.nextInt(49_001);
                b[i] = Math.max(10, (long) Math.floor(target * w[i] / sum * p[i]));
            }
            TaskSet set = new TaskSet(p, b);
            if (set.utilisation() <= 1.0) {
                return set;
            }
        }
    }

    private static Outcome run(TaskSet set) {
        int n = set.periodUs().length;
        SchedTestbed t = new SchedTestbed("rtds", 1);
        for (int i = 0; i < n; i++) {
            t.domain(i + 1, Load.cpuBound())
                    .vcpuParams(i + 1, 0, RtdsHostTest.rt(set.periodUs()[i], set.budgetUs()[i], false));
        }
        t.run(WARM_UP);
        long[] cpu = new long[n];
        long[] misses = new long[n];
        for (int i = 0; i < n; i++) {
            cpu[i] = -t.cpuTime(i + 1, 0);
            misses[i] = -RtdsHostTest.misses(t, i + 1);
        }
        t.run(RUN);
        for (int i = 0; i < n; i++) {
            cpu[i] += t.cpuTime(i + 1, 0);
            misses[i] += RtdsHostTest.misses(t, i + 1);
        }
        return new Outcome(cpu, misses, t.hv.sched().decisions());
    }

    @Test
    void randomSetsWithinOnePcpuMissNoDeadlineAndRunTheSameTwice() {
        long seed = Long.getLong("pvsim.seed", 0x5eed_07d5L);
        Random r = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            TaskSet set = draw(r);
            String where = "seed " + seed + " (-Dpvsim.seed=" + seed + "), round " + round + ", set " + set;
            try {
                Outcome first = run(set);
                assertThat(first.misses()).as("deadline misses").containsOnly(0L);
                for (int i = 0; i < set.periodUs().length; i++) {
                    long reserved = RUN / (set.periodUs()[i] * 1000) * set.budgetUs()[i] * 1000;
                    assertThat(first.cpu()[i])
                            .as("d%d's CPU time against its reservation", i + 1)
                            .isGreaterThanOrEqualTo(reserved - set.budgetUs()[i] * 1000);
                }
                assertThat(run(set)).as("a second run").isEqualTo(first);
            } catch (AssertionError e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
        }
    }
}
