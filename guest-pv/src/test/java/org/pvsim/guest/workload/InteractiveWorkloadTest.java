package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.WorkloadCatalog;
import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.KernelPanic;
import org.pvsim.guest.api.StartInfo;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.hypercall.FakeGuestCpu;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.VcpuOp;
import org.pvsim.hypervisor.abi.VcpuSetSingleshotTimerDescriptor;

/**
 * The {@code interactive} workload against a fake hypervisor that plays Xen's timer and blocking rules: each test
 * decides when a vCPU runs again, as a scheduler would after its timer fired. The same workload on the real
 * hypervisor needs its single-shot timers (issue 3).
 */
class InteractiveWorkloadTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    /** The fake hypervisor's view: timers set, blocks, and what it answers. */
    private final Map<Integer, Long> singleshot = new HashMap<>();

    private final Map<Integer, Integer> singleshotFlags = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private long singleshotAnswer = 0;
    private long stopPeriodicAnswer = 0;

    private final FakeKernel kernel = new FakeKernel();

    private FakeGuestCpu vcpu(int id) {
        FakeGuestCpu cpu = new FakeGuestCpu(id, (c, nr, a1, a2, a3, a4, a5) -> {
            if (nr == Hypercall.vcpu_op.number) {
                VcpuOp op = VcpuOp.ofCode(a1);
                calls.add(c.vcpuId() + ":" + op);
                if (op == VcpuOp.VCPUOP_set_singleshot_timer) {
                    assertThat((int) a2)
                            .as("only the calling vCPU may set its timer")
                            .isEqualTo(c.vcpuId());
                    if (singleshotAnswer == 0) {
                        singleshot.put(
                                c.vcpuId(), c.read64(a3 + VcpuSetSingleshotTimerDescriptor.TIMEOUT_ABS_NS_OFFSET));
                        singleshotFlags.put(c.vcpuId(), c.read32(a3 + VcpuSetSingleshotTimerDescriptor.FLAGS_OFFSET));
                    }
                    return singleshotAnswer;
                }
                return op == VcpuOp.VCPUOP_stop_periodic_timer ? stopPeriodicAnswer : Errno.ENOSYS.neg();
            }
            if (nr == Hypercall.sched_op.number) {
                calls.add(c.vcpuId() + ":" + SchedOp.ofCode(a1));
                return 0;
            }
            return Errno.ENOSYS.neg();
        });
        kernel.add(cpu);
        return cpu;
    }

    private static Workload create(String... args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            m.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return InteractiveWorkload.SPEC.create(m);
    }

    private void step(Workload w, FakeGuestCpu cpu, long at) {
        cpu.setTsc(at);
        w.step(kernel, cpu);
    }

    /**
     * Runs {@code cpu} from {@code at} as a scheduler would: a step, and if it computed a burst, the next step once
     * the burst's CPU time has been paid (the workload computes in one step and sleeps in the next).
     */
    private void round(InteractiveWorkload w, FakeGuestCpu cpu, long at) {
        long before = w.bursts();
        step(w, cpu, at);
        if (w.bursts() > before) {
            step(w, cpu, cpu.rdtsc());
        }
    }

    @Test
    void isInTheStandardCatalogWithSensibleDefaults() {
        assertThat(WorkloadCatalog.standard().find("interactive")).contains(InteractiveWorkload.SPEC);
        assertThat(InteractiveWorkload.SPEC.resolve(Map.of()))
                .containsEntry("burst", "500us")
                .containsEntry("sleep", "10ms")
                .containsEntry("iterations", "0");
        assertThat(InteractiveWorkload.SPEC.problem(Map.of("sleep", "11s")))
                .contains("interactive: sleep=11s is out of range: it must be from 1us to 10s");
        assertThat(InteractiveWorkload.SPEC.problem(Map.of("burst", "soon")))
                .hasValueSatisfying(p -> assertThat(p).startsWith("interactive: burst=\"soon\" is not a duration"));
    }

    @Test
    void computesABurstThenSleepsOnItsSingleshotTimerWithoutTheFutureFlag() {
        InteractiveWorkload w = (InteractiveWorkload) create("burst=500us", "sleep=10ms");
        FakeGuestCpu cpu = vcpu(0);

        round(w, cpu, 2 * MS);

        assertThat(calls)
                .containsExactly("0:VCPUOP_stop_periodic_timer", "0:VCPUOP_set_singleshot_timer", "0:SCHEDOP_block");
        // the deadline is absolute: the TSC after the burst, plus the sleep
        assertThat(singleshot).containsEntry(0, 2 * MS + 500 * US + 10 * MS);
        assertThat(singleshotFlags).containsEntry(0, 0);
        assertThat(w.bursts()).isEqualTo(1);
        assertThat(kernel.console).containsExactly("interactive: bursts of 500us, sleeping 10ms after each, forever");
    }

    @Test
    void aWakeUpAtOrAfterTheDeadlineRunsTheNextBurstAndCountsTheLatency() {
        InteractiveWorkload w = (InteractiveWorkload) create("burst=1ms", "sleep=4ms");
        FakeGuestCpu cpu = vcpu(0);
        round(w, cpu, 0);
        long deadline = singleshot.get(0);

        round(w, cpu, deadline + 30 * US);
        round(w, cpu, singleshot.get(0));

        assertThat(w.bursts()).isEqualTo(3);
        assertThat(w.wakeups()).isEqualTo(2);
        assertThat(w.earlyWakeups()).isZero();
        assertThat(w.totalLatencyNs()).isEqualTo(30 * US);
        assertThat(w.maxLatencyNs()).isEqualTo(30 * US);
        assertThat(w.progress()).isEqualTo(3);
        assertThat(singleshot.get(0)).isEqualTo(deadline + 30 * US + 1 * MS + 4 * MS + 1 * MS + 4 * MS);
    }

    @Test
    void aWakeUpBeforeTheDeadlineBlocksAgainWithoutComputing() {
        InteractiveWorkload w = (InteractiveWorkload) create();
        FakeGuestCpu cpu = vcpu(0);
        round(w, cpu, 0);
        long deadline = singleshot.get(0);
        calls.clear();

        // the 10 ms periodic tick, had the hypervisor kept it running
        step(w, cpu, deadline - 1);

        assertThat(calls).containsExactly("0:SCHEDOP_block");
        assertThat(cpu.rdtsc()).as("no CPU time spent").isEqualTo(deadline - 1);
        assertThat(w.earlyWakeups()).isEqualTo(1);
        assertThat(w.bursts()).isEqualTo(1);
        assertThat(singleshot.get(0)).as("the timer stays armed").isEqualTo(deadline);
    }

    @Test
    void eachVcpuSleepsOnItsOwnTimer() {
        InteractiveWorkload w = (InteractiveWorkload) create("burst=100us", "sleep=1ms");
        FakeGuestCpu cpu0 = vcpu(0);
        FakeGuestCpu cpu1 = vcpu(1);

        round(w, cpu0, 0);
        round(w, cpu1, 300 * US);
        round(w, cpu0, singleshot.get(0)); // vCPU 1 is still asleep

        assertThat(calls).contains("1:VCPUOP_stop_periodic_timer", "1:VCPUOP_set_singleshot_timer");
        assertThat(singleshot).containsEntry(1, 300 * US + 100 * US + 1 * MS);
        assertThat(singleshot).containsEntry(0, 1100 * US + 100 * US + 1 * MS);
        assertThat(w.bursts()).isEqualTo(3);
        assertThat(kernel.console).hasSize(1);
    }

    @Test
    void poweroffAfterItsIterations() {
        InteractiveWorkload w = (InteractiveWorkload) create("iterations=2", "sleep=1ms");
        FakeGuestCpu cpu = vcpu(0);

        round(w, cpu, 0);
        round(w, cpu, singleshot.get(0));

        assertThat(w.bursts()).isEqualTo(2);
        assertThat(kernel.poweredOff).isTrue();
        assertThat(kernel.console).contains("interactive: 2 bursts done; powering off");
    }

    @Test
    void aTimerTheHypervisorRefusesIsAPanicNamingTheCall() {
        singleshotAnswer = Errno.ENOSYS.neg(); // the hypervisor before its timers exist
        InteractiveWorkload w = (InteractiveWorkload) create();
        FakeGuestCpu cpu = vcpu(0);

        assertThatThrownBy(() -> round(w, cpu, 0))
                .isInstanceOf(KernelPanic.class)
                .hasMessage("interactive: VCPUOP_set_singleshot_timer failed: -ENOSYS");
        assertThat(calls).doesNotContain("0:SCHEDOP_block");
    }

    @Test
    void aPeriodicTimerThatCannotBeStoppedOnlyCostsEarlyWakeUps() {
        stopPeriodicAnswer = Errno.ENOSYS.neg();
        InteractiveWorkload w = (InteractiveWorkload) create();
        FakeGuestCpu cpu = vcpu(0);

        round(w, cpu, 0);

        assertThat(kernel.console)
                .contains("interactive: vCPU 0 keeps its periodic tick (VCPUOP_stop_periodic_timer: -ENOSYS)");
        assertThat(calls).endsWith("0:SCHEDOP_block");
    }

    /** Just enough of a kernel: hypercall wrappers per vCPU, a console, power-off and panic. */
    private static final class FakeKernel implements Kernel {
        final List<String> console = new ArrayList<>();
        final Map<Integer, Hypercalls> wrappers = new HashMap<>();
        boolean poweredOff;

        void add(FakeGuestCpu cpu) {
            wrappers.put(cpu.vcpuId(), cpu.hypercalls());
        }

        @Override
        public Hypercalls hypercalls(GuestCpu cpu) {
            return wrappers.get(cpu.vcpuId()).bind(cpu);
        }

        @Override
        public void printk(GuestCpu cpu, String line) {
            console.add(line);
        }

        @Override
        public void poweroff(GuestCpu cpu) {
            poweredOff = true;
        }

        @Override
        public KernelPanic panic(GuestCpu cpu, String message) {
            console.add("kernel panic: " + message);
            return new KernelPanic(message);
        }

        @Override
        public StartInfo startInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.pvsim.guest.evtchn.GuestEvents events(GuestCpu cpu) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String workloadName() {
            return "interactive";
        }

        @Override
        public Map<String, String> args() {
            return Map.of();
        }

        @Override
        public int vcpusAvailable() {
            return wrappers.size();
        }

        @Override
        public int onlineVcpus() {
            return wrappers.size();
        }

        @Override
        public boolean isPrivileged() {
            return false;
        }

        @Override
        public long nrPages() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long allocPfn() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void freePfn(long pfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long freePages() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long va(long pfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long pfnOfVa(long va) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long mfn(long pfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setMfn(GuestCpu cpu, long pfn, long mfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long pfnOfMfn(GuestCpu cpu, long mfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long kernelL4Pfn() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long kernelL4Mfn() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long pteMachineAddress(long pfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void makeReadOnly(GuestCpu cpu, long pfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void makeWritable(GuestCpu cpu, long pfn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.pvsim.guest.gnttab.GuestGrants grants(GuestCpu cpu) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ForeignMappings foreign(GuestCpu cpu) {
            throw new UnsupportedOperationException();
        }
    }
}
