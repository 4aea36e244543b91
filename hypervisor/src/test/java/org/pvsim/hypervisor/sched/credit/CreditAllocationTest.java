package org.pvsim.hypervisor.sched.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuTopology;

/**
 * Credit's hot paths (wake, sleep, yield, do_schedule, the tick, the accounting, parking) allocate nothing once
 * warm: measured with HotSpot's per-thread allocation counter over thousands of decisions on a fake host.
 */
class CreditAllocationTest {
    private static final long MS = 1_000_000L;

    @Test
    void schedulingAllocatesNothingOnceWarm() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(
                bean instanceof ThreadMXBean t && t.isThreadAllocatedMemorySupported(),
                "this JVM cannot measure a thread's allocation");
        ThreadMXBean threads = (ThreadMXBean) bean;

        FakeHost h = new FakeHost(new CpuTopology(2, 2, 1), "");
        h.recording = false;
        Domain capped = h.domain(1, 3);
        Domain other = h.domain(2, 4);
        Domain io = h.domain(3, 2);
        ((CreditDomain) capped.schedPriv).cap = 60;
        Vcpu[] all = new Vcpu[9];
        int n = 0;
        for (Domain d : new Domain[] {capped, other, io}) {
            for (int i = 0; i < d.maxVcpus(); i++) {
                all[n++] = d.vcpu(i);
                h.wake(d.vcpu(i));
            }
        }
        long[] ops = new long[1];
        drive(h, all, 0, 3000, ops); // warm up: compiled, the engine's heap at its size
        long before = threads.getCurrentThreadAllocatedBytes();
        long opsBefore = ops[0];
        drive(h, all, 3000, 6000, ops);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long done = ops[0] - opsBefore;
        assertThat(done).isGreaterThan(10_000);
        assertThat(allocated)
                .as("bytes allocated over %d scheduling operations", done)
                .isLessThan(done / 10);
    }

    /** Every virtual ms: each pCPU reschedules; the I/O vCPUs block and wake, others yield now and then. */
    private static void drive(FakeHost h, Vcpu[] all, int fromMs, int toMs, long[] ops) {
        for (int ms = fromMs; ms < toMs; ms++) {
            h.advance(ms * MS);
            for (int p = 0; p < h.nrPcpus(); p++) {
                h.schedule(p);
                ops[0]++;
            }
            Vcpu io = all[7 + (ms & 1)];
            if (io.isRunnable()) {
                h.block(io);
            } else if (!io.isRunning() && io.pauseCount() == 0) {
                h.wake(io);
            }
            ops[0]++;
            if (ms % 7 == 0) {
                Vcpu y = all[3 + (ms & 1)];
                if (y.isRunning()) {
                    h.policy.yield(y, ms * MS);
                    ops[0]++;
                }
            }
        }
    }
}
