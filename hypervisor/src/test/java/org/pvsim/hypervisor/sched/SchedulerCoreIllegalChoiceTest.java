package org.pvsim.hypervisor.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.time.EventEngine;
import org.pvsim.hypervisor.time.HypervisorTimers;

/** A policy that breaks the core's rules is reported as a hypervisor bug naming its choice, and the pCPU idles. */
class SchedulerCoreIllegalChoiceTest {
    /** Always answers the same vCPU, whatever the pCPU. */
    private static final class StubbornPolicy implements Scheduler {
        Vcpu answer;

        @Override
        public String name() {
            return "stubborn";
        }

        @Override
        public int schedulerId() {
            return 0;
        }

        @Override
        public void init(SchedulerHost host) {}

        @Override
        public void insertVcpu(Vcpu v, long now) {}

        @Override
        public void removeVcpu(Vcpu v, long now) {}

        @Override
        public void sleep(Vcpu v, long now) {}

        @Override
        public void wake(Vcpu v, long now) {}

        @Override
        public void yield(Vcpu v, long now) {}

        @Override
        public void doSchedule(int pcpu, Vcpu prev, long now, ScheduleDecision out) {
            out.set(answer, 1_000_000);
        }
    }

    private final StubbornPolicy policy = new StubbornPolicy();
    private final List<String> bugs = new ArrayList<>();
    private final SchedulerCore core = new SchedulerCore(
            policy,
            CpuTopology.of(2, 1, 1),
            XenCommandLine.EMPTY,
            Journal.OFF,
            new HypervisorTimers(new EventEngine(), Journal.OFF));
    private final Vcpu v;

    SchedulerCoreIllegalChoiceTest() {
        core.setBugReporter(bugs::add);
        Domain d = new Domain(1, false, false, 1, new byte[16], 0);
        core.domainCreated(d, 0);
        v = d.vcpu(0);
    }

    @Test
    void choosingAVcpuThatCannotRunIsABugAndThePcpuIdles() {
        policy.answer = v; // still down: not runnable
        assertThat(core.schedule(0, 0, new ScheduleDecision())).isEqualTo(ScheduleDecision.NO_TIMESLICE);
        assertThat(core.current(0)).isNull();
        assertThat(bugs).containsExactly("stubborn chose d1v0 for pCPU 0, which is not runnable");
    }

    @Test
    void choosingAVcpuOutsideItsHardAffinityIsABug() {
        v.setPauseFlag(Vcpu.VPF_down, false);
        core.wake(v, 0);
        assertThat(core.setAffinity(v, CpuMask.of(1), null, 0)).isZero();
        policy.answer = v;
        core.schedule(0, 0, new ScheduleDecision());
        assertThat(core.current(0)).isNull();
        assertThat(bugs).containsExactly("stubborn chose d1v0 for pCPU 0, outside its hard affinity 1");
        core.schedule(1, 0, new ScheduleDecision());
        assertThat(core.current(1)).isSameAs(v);
        assertThat(SchedulerCore.illegalChoice(0, null, v)).isNotNull();
        assertThat(SchedulerCore.illegalChoice(1, v, v)).isNull();
    }
}
