package org.pvsim.hypervisor.sched.credit2;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.sched.SchedParams;

/**
 * The hot paths (wake, sleep, do_schedule, the cap refill timer, tickling, resets and load balancing) allocate
 * nothing: measured with the JVM's per-thread allocation counter around many rounds of them.
 */
class Credit2AllocationTest {
    private static final long US = 1_000L;

    @Test
    void wakeSleepScheduleAndRefillsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FakeHost h = new FakeHost(new org.pvsim.hypervisor.machine.CpuTopology(2, 1, 1), "credit2_runqueue=cpu");
        h.policy = new Credit2Scheduler();
        h.policy.init(h);
        h.recordTraces = false;
        Vcpu[] v = new Vcpu[6];
        for (int i = 0; i < v.length; i++) {
            v[i] = h.domain(i + 1, 1, 0).vcpu(0);
            h.wake(v[i], 0);
        }
        SchedParams cap = new SchedParams();
        cap.cap = 30;
        assertThat(h.policy.putDomainParams(v[0].domain(), cap, 0)).isZero();

        long[] now = {0};
        rounds(h, v, now, 20_000); // warm up: class loading, JIT
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        rounds(h, v, now, 20_000);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(allocated).as("bytes allocated by 20000 rounds").isLessThan(1024);
    }

    private static void rounds(FakeHost h, Vcpu[] v, long[] now, int n) {
        for (int i = 0; i < n; i++) {
            now[0] += 300 * US;
            int p = i & 1;
            h.schedule(p, now[0]);
            Vcpu some = v[i % v.length];
            if (some.isRunnable() && !some.isRunning()) {
                h.block(some, now[0]);
            } else if (!some.isRunnable()) {
                h.wake(some, now[0]);
            }
            h.fireTimers(now[0]);
        }
    }
}
