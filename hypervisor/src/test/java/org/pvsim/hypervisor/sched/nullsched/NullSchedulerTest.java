package org.pvsim.hypervisor.sched.nullsched;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.testing.ScriptedSchedulerHost;

/** The null scheduler's assignment rules, driven by hand on a scripted host. */
class NullSchedulerTest {
    private final NullScheduler nul = new NullScheduler();

    @Test
    void anOfflineVcpuIsNotAssignedAndComingOnlineTakesThePcpuItWasPlacedOn() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 2);
        Domain d = h.domain(1, 2);
        assertThat(nul.assignedVcpu(0)).isNull();
        assertThat(nul.assignedVcpu(1)).isNull();
        h.wake(d.vcpu(1)); // placed on pCPU 1, after vCPU 0's pCPU 0
        assertThat(nul.assignedVcpu(1)).isSameAs(d.vcpu(1));
        assertThat(h.tickles).containsExactly(1);
        h.wake(d.vcpu(0));
        assertThat(nul.assignedVcpu(0)).isSameAs(d.vcpu(0));
        assertThat(h.schedule(0)).isSameAs(d.vcpu(0));
        assertThat(h.decision.timesliceNs).isEqualTo(ScheduleDecision.NO_TIMESLICE);
        assertThat(h.schedule(1)).isSameAs(d.vcpu(1));
        assertThat(h.traces(TraceEvent.TRC_SNULL_UNIT_ASSIGN)).hasSize(2);
        assertThat(h.traces(TraceEvent.TRC_SNULL_SCHEDULE)).hasSize(2);
    }

    @Test
    void extraVcpusWaitInArrivalOrderAndAPcpuFreedByAnOfflineVcpuGoesToTheFirst() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 1);
        Domain d = h.domain(1, 3);
        Vcpu a = d.vcpu(0);
        Vcpu b = d.vcpu(1);
        Vcpu c = d.vcpu(2);
        h.wake(a);
        h.wake(b);
        h.wake(c);
        assertThat(nul.assignedVcpu(0)).isSameAs(a);
        assertThat(nul.isWaiting(b)).isTrue();
        assertThat(nul.isWaiting(c)).isTrue();
        assertThat(h.schedule(0)).isSameAs(a);
        h.tickles.clear();
        h.down(a);
        assertThat(nul.assignedVcpu(0)).isSameAs(b);
        assertThat(h.tickles).containsExactly(0);
        assertThat(h.schedule(0)).isSameAs(b);
        assertThat(nul.isWaiting(c)).isTrue();
        h.wake(a); // back online: its pCPU is taken, so it queues behind c
        assertThat(nul.isWaiting(a)).isTrue();
        h.down(b);
        assertThat(nul.assignedVcpu(0)).isSameAs(c);
        assertThat(h.traces(TraceEvent.TRC_SNULL_UNIT_DEASSIGN)).hasSize(2);
    }

    @Test
    void aBlockedVcpuKeepsItsPcpuIdle() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 1);
        Domain d = h.domain(1, 2);
        h.wake(d.vcpu(0));
        h.wake(d.vcpu(1));
        assertThat(h.schedule(0)).isSameAs(d.vcpu(0));
        h.block(d.vcpu(0));
        assertThat(h.schedule(0)).isNull();
        assertThat(nul.isWaiting(d.vcpu(1))).isTrue();
        h.tickles.clear();
        h.wake(d.vcpu(0));
        assertThat(h.tickles).containsExactly(0);
        assertThat(h.schedule(0)).isSameAs(d.vcpu(0));
    }

    @Test
    void aFreedPcpuPrefersAWaiterWithSoftAffinityForIt() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 2);
        Domain d = h.domain(1, 4);
        for (int i = 0; i < 4; i++) {
            h.wake(d.vcpu(i));
        }
        assertThat(nul.isWaiting(d.vcpu(2))).isTrue();
        assertThat(nul.isWaiting(d.vcpu(3))).isTrue();
        h.setAffinity(d.vcpu(3), null, CpuMask.of(0));
        assertThat(nul.isWaiting(d.vcpu(3))).isTrue();
        h.down(d.vcpu(0));
        assertThat(nul.assignedVcpu(0)).as("v3 wants pCPU 0, v2 came first").isSameAs(d.vcpu(3));
        h.down(d.vcpu(1));
        assertThat(nul.assignedVcpu(1)).isSameAs(d.vcpu(2));
    }

    @Test
    void aWaiterOnlyTakesAPcpuOfItsHardAffinity() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 2);
        Domain d = h.domain(1, 3);
        h.wake(d.vcpu(0));
        h.wake(d.vcpu(1));
        h.setAffinity(d.vcpu(2), CpuMask.of(1), null);
        h.wake(d.vcpu(2));
        assertThat(nul.isWaiting(d.vcpu(2))).isTrue();
        h.down(d.vcpu(0));
        assertThat(nul.assignedVcpu(0))
                .as("pCPU 0 is outside its hard affinity")
                .isNull();
        assertThat(h.schedule(0)).isNull();
        h.down(d.vcpu(1));
        assertThat(nul.assignedVcpu(1)).isSameAs(d.vcpu(2));
    }

    @Test
    void anAffinityChangeMovesARunningVcpuWhenItsPcpuReschedules() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 3);
        Domain d = h.domain(1, 2);
        Vcpu v = d.vcpu(0);
        h.wake(v);
        h.wake(d.vcpu(1));
        assertThat(h.schedule(0)).isSameAs(v);
        h.tickles.clear();
        h.setAffinity(v, CpuMask.of(2), null);
        assertThat(nul.assignedVcpu(0)).as("it still runs there").isSameAs(v);
        assertThat(h.tickles).containsExactly(0);
        assertThat(h.schedule(0)).isNull();
        assertThat(nul.assignedVcpu(2)).isSameAs(v);
        assertThat(h.tickles).containsExactly(0, 2);
        assertThat(h.schedule(2)).isSameAs(v);
        assertThat(h.traces(TraceEvent.TRC_SNULL_MIGRATE)).hasSize(1);
        assertThat(h.traces(TraceEvent.TRC_SNULL_PICKED_CPU)).isNotEmpty();
    }

    @Test
    void schedulingParametersAreAcceptedAndIgnoredAsXenWithoutAnAdjustHook() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 1);
        Domain d = h.domain(1, 1);
        SchedParams p = new SchedParams();
        p.weight = 7;
        assertThat(nul.putDomainParams(d, p, 0)).isZero();
        assertThat(nul.getDomainParams(d, p)).isZero();
        assertThat(p.weight).isEqualTo(7);
        assertThat(nul.putVcpuParams(d.vcpu(0), p, 0)).isZero();
        assertThat(nul.getVcpuParams(d.vcpu(0), p)).isZero();
        assertThat(nul.getGlobalParams(new SchedGlobalParams())).isZero();
        assertThat(nul.putGlobalParams(new SchedGlobalParams(), 0)).isZero();
    }

    @Test
    void aMoveDueWhenTheCoreSwitchesTheVcpuOutStillHappens() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 3);
        Domain d = h.domain(1, 1);
        Vcpu v = d.vcpu(0);
        h.wake(v);
        assertThat(h.schedule(0)).isSameAs(v);
        h.setAffinity(v, CpuMask.of(2), null);
        h.pauseSync(v); // switched out before pCPU 0 rescheduled
        assertThat(h.schedule(0)).isNull();
        assertThat(nul.assignedVcpu(0)).isNull();
        assertThat(nul.assignedVcpu(2)).isSameAs(v);
        h.unpause(v);
        assertThat(h.schedule(2)).isSameAs(v);
    }

    @Test
    void aMoveDueWhenTheVcpuWakesBeforeItsPcpuReschedulesHappensAtTheWake() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(nul, 3);
        Vcpu v = h.domain(1, 1).vcpu(0);
        h.wake(v);
        assertThat(h.schedule(0)).isSameAs(v);
        h.setAffinity(v, CpuMask.of(1), null);
        h.pauseSync(v);
        h.unpause(v);
        assertThat(nul.assignedVcpu(1)).isSameAs(v);
        assertThat(h.schedule(0)).isNull();
        assertThat(h.schedule(1)).isSameAs(v);
    }
}
