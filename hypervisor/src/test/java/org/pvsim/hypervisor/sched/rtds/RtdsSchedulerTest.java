package org.pvsim.hypervisor.sched.rtds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.testing.ScriptedSchedulerHost;

/** RTDS's algorithm, driven by hand on a scripted host: EDF order, budgets, replenishment, tickles, parameters. */
class RtdsSchedulerTest {
    private static final long MS = 1_000_000L;

    private final RtdsScheduler rtds = new RtdsScheduler();

    private static SchedParams params(long periodUs, long budgetUs, boolean extratime) {
        SchedParams p = new SchedParams();
        p.periodUs = periodUs;
        p.budgetUs = budgetUs;
        p.extratime = extratime;
        return p;
    }

    private void set(Vcpu v, long periodUs, long budgetUs, boolean extratime) {
        assertThat(rtds.putVcpuParams(v, params(periodUs, budgetUs, extratime), 0))
                .isZero();
    }

    @Test
    void theEarliestDeadlineRunsAndAReplenishedVcpuPreemptsALaterDeadline() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 3);
        Vcpu a = d.vcpu(0);
        Vcpu b = d.vcpu(1);
        Vcpu c = d.vcpu(2);
        set(a, 5000, 1000, false);
        set(b, 3000, 1000, false);
        set(c, 8000, 2000, false);
        // inserted at 0 with the default 10 ms period; woken at 10 ms they start periods of their own
        h.advanceTo(10 * MS);
        h.wake(a);
        h.wake(b);
        h.wake(c);
        assertThat(h.tickles).containsExactly(0);
        assertThat(h.timerExpiry("rtds-repl")).isEqualTo(13 * MS);

        assertThat(h.scheduleAndSettle(0)).isSameAs(b); // deadline 13 ms
        assertThat(h.timerExpiry("rtds-repl")).isEqualTo(13 * MS);
        h.advanceTo(11 * MS);
        assertThat(h.scheduleAndSettle(0)).isSameAs(a); // b is depleted; a's deadline is 15 ms
        h.advanceTo(12 * MS);
        assertThat(h.scheduleAndSettle(0)).isSameAs(c); // deadline 18 ms
        assertThat(h.decision.timesliceNs).isEqualTo(2 * MS);

        h.tickles.clear();
        h.advanceTo(13 * MS); // b's new period: deadline 16 ms beats c's 18 ms
        assertThat(h.tickles).containsExactly(0);
        assertThat(h.scheduleAndSettle(0)).isSameAs(b);
        h.advanceTo(14 * MS);
        assertThat(h.scheduleAndSettle(0)).isSameAs(c);
        assertThat(h.decision.timesliceNs).as("c kept the budget it had left").isEqualTo(1 * MS);
        assertThat(h.traces(TraceEvent.TRC_RTDS_BUDGET_REPLENISH)).isNotEmpty();
        assertThat(h.traces(TraceEvent.TRC_RTDS_TICKLE)).isNotEmpty();
        assertThat(h.traces(TraceEvent.TRC_RTDS_RUNQ_PICK)).isNotEmpty();
        assertThat(h.traces(TraceEvent.TRC_RTDS_BUDGET_BURN)).isNotEmpty();
        assertThat(h.traces(TraceEvent.TRC_RTDS_SCHEDULE)).isNotEmpty();
    }

    @Test
    void equalDeadlinesRunInArrivalOrderAndTheRunningOneIsNotPreemptedByAnEqual() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        h.wake(d.vcpu(0));
        h.wake(d.vcpu(1));
        assertThat(h.scheduleAndSettle(0)).isSameAs(d.vcpu(0));
        h.advanceTo(1 * MS);
        // Xen keeps the current vCPU only if it beats the head strictly: an equal deadline preempts
        assertThat(h.scheduleAndSettle(0)).isSameAs(d.vcpu(1));
    }

    @Test
    void extratimeDemotesASpentVcpuBelowEveryVcpuWithinItsReservation() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        Vcpu greedy = d.vcpu(0);
        Vcpu late = d.vcpu(1);
        set(greedy, 10_000, 2000, true);
        set(late, 10_000, 2000, false);
        h.advanceTo(10 * MS);
        h.wake(greedy);
        assertThat(h.scheduleAndSettle(0)).isSameAs(greedy);
        h.advanceTo(12 * MS); // spent: level 1, refilled
        assertThat(h.scheduleAndSettle(0)).isSameAs(greedy);
        assertThat(h.decision.timesliceNs).isEqualTo(2 * MS);
        h.advanceTo(13 * MS);
        h.tickles.clear();
        h.wake(late); // same deadline (20 ms) but level 0: it preempts
        assertThat(h.tickles).containsExactly(0);
        assertThat(h.scheduleAndSettle(0)).isSameAs(late);
        h.advanceTo(15 * MS);
        assertThat(h.scheduleAndSettle(0))
                .as("late is depleted, greedy runs on extratime")
                .isSameAs(greedy);
        h.advanceTo(17 * MS); // greedy spends its level-1 budget too: level 2
        assertThat(h.scheduleAndSettle(0)).isSameAs(greedy);
        h.advanceTo(20 * MS); // both replenished, level 0, deadline 30 ms: the queued one wins the tie
        assertThat(h.scheduleAndSettle(0)).isSameAs(late);
        assertThat(rtds.deadlineMisses(greedy)).isZero();
        assertThat(rtds.deadlineMisses(late)).isZero();
    }

    @Test
    void withoutExtratimeASpentVcpuIdlesThePcpuUntilItsNextPeriod() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Vcpu v = h.domain(1, 1).vcpu(0);
        set(v, 10_000, 4000, false);
        h.advanceTo(10 * MS);
        h.wake(v);
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        h.advanceTo(14 * MS);
        assertThat(h.scheduleAndSettle(0)).isNull();
        assertThat(h.decision.timesliceNs).isEqualTo(-1);
        h.tickles.clear();
        h.advanceTo(20 * MS);
        assertThat(h.tickles).as("the replenished vCPU tickles the idle pCPU").containsExactly(0);
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        assertThat(h.decision.timesliceNs).isEqualTo(4 * MS);
    }

    @Test
    void aWakeTicklesAnIdlePcpuFirstThenTheOneRunningTheLatestDeadline() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 2);
        Domain d = h.domain(1, 3);
        Vcpu early = d.vcpu(0);
        Vcpu late = d.vcpu(1);
        Vcpu mid = d.vcpu(2);
        set(early, 4000, 1000, false);
        set(late, 20_000, 1000, false);
        set(mid, 10_000, 1000, false);
        h.advanceTo(10 * MS);
        h.wake(late); // deadline 30
        h.wake(mid); // deadline 20: pCPU 0 is tickled already, pCPU 1 is idle
        assertThat(h.tickles).containsExactly(0, 1);
        assertThat(h.scheduleAndSettle(0)).isSameAs(mid);
        assertThat(h.scheduleAndSettle(1)).isSameAs(late);
        h.tickles.clear();
        h.wake(early); // deadline 14: the pCPU running the latest deadline (30) is preempted
        assertThat(h.tickles).containsExactly(1);
        assertThat(h.scheduleAndSettle(1)).isSameAs(early);
    }

    @Test
    void theTickleRespectsHardAffinity() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 2);
        Domain d = h.domain(1, 2);
        Vcpu pinned = d.vcpu(1);
        h.setAffinity(pinned, CpuMask.of(1), null);
        h.wake(d.vcpu(0));
        assertThat(h.scheduleAndSettle(0)).isSameAs(d.vcpu(0));
        h.tickles.clear();
        h.wake(pinned);
        assertThat(h.tickles).containsExactly(1);
        assertThat(h.scheduleAndSettle(0)).as("pCPU 0 may not take it").isSameAs(d.vcpu(0));
        assertThat(h.scheduleAndSettle(1)).isSameAs(pinned);
    }

    @Test
    void aRunnableVcpuThatGetsLessThanItsBudgetByItsDeadlineMissesIt() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        Vcpu first = d.vcpu(0);
        Vcpu second = d.vcpu(1);
        set(first, 10_000, 6000, false);
        set(second, 10_000, 6000, false);
        h.advanceTo(10 * MS);
        h.wake(first);
        h.wake(second);
        assertThat(h.scheduleAndSettle(0)).isSameAs(first);
        h.advanceTo(16 * MS);
        assertThat(h.scheduleAndSettle(0)).isSameAs(second);
        h.advanceTo(20 * MS); // second got 4 of its 6 ms: a miss; first got all of it
        assertThat(rtds.deadlineMisses(first)).isZero();
        assertThat(rtds.deadlineMisses(second)).isEqualTo(1);
        assertThat(rtds.deadlineMisses(d)).isEqualTo(1);
    }

    @Test
    void aVcpuThatWakesTooLateToUseItsBudgetOrBlocksWithBudgetLeftDoesNotMiss() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        Vcpu sleeper = d.vcpu(0);
        Vcpu late = d.vcpu(1);
        set(sleeper, 10_000, 4000, false);
        set(late, 10_000, 4000, false);
        h.advanceTo(10 * MS);
        h.wake(sleeper);
        assertThat(h.scheduleAndSettle(0)).isSameAs(sleeper);
        h.advanceTo(11 * MS);
        h.block(sleeper);
        assertThat(h.scheduleAndSettle(0)).isNull();
        h.advanceTo(18 * MS);
        h.wake(late); // deadline 20, 4 ms budget, 2 ms to go
        assertThat(h.scheduleAndSettle(0)).isSameAs(late);
        h.advanceTo(20 * MS);
        assertThat(rtds.deadlineMisses(sleeper)).isZero();
        assertThat(rtds.deadlineMisses(late)).isZero();
    }

    @Test
    void parametersAreValidatedAsRtValidateParamsDoes() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        Vcpu v = d.vcpu(0);
        int einval = Errno.EINVAL.neg();
        assertThat(rtds.putVcpuParams(v, params(10_000, 10_001, true), 0)).isEqualTo(einval);
        assertThat(rtds.putVcpuParams(v, params(10_000, 9, true), 0)).isEqualTo(einval);
        assertThat(rtds.putVcpuParams(v, params(9, 9, true), 0)).isEqualTo(einval);
        assertThat(rtds.putVcpuParams(v, params(0, 0, true), 0))
                .as("0 is not 'unchanged' for RTDS")
                .isEqualTo(einval);
        assertThat(rtds.putVcpuParams(v, params(-10, 10, true), 0)).isEqualTo(einval);
        assertThat(rtds.putVcpuParams(v, params(Long.MAX_VALUE / 1000, 10, true), 0))
                .as("above RTDS_MAX_PERIOD")
                .isEqualTo(einval);
        assertThat(rtds.putDomainParams(d, params(5000, 6000, false), 0)).isEqualTo(einval);
        SchedParams got = new SchedParams();
        assertThat(rtds.getVcpuParams(v, got)).isZero();
        assertThat(got.periodUs).as("a refused put changes nothing").isEqualTo(10_000);
        assertThat(got.budgetUs).isEqualTo(4000);
        assertThat(got.extratime).as("Xen's default for a new vCPU").isTrue();

        assertThat(rtds.putVcpuParams(v, params(10, 10, false), 0)).isZero();
        assertThat(rtds.getVcpuParams(v, got.clear())).isZero();
        assertThat(got.periodUs).isEqualTo(10);
        assertThat(got.budgetUs).isEqualTo(10);
        assertThat(got.extratime).isFalse();
    }

    @Test
    void putinfoSetsEveryVcpuButNotExtratimeAndGetinfoAnswersTheDefaults() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        set(d.vcpu(1), 10_000, 4000, false);
        assertThat(rtds.putDomainParams(d, params(20_000, 5000, true), 0)).isZero();
        SchedParams got = new SchedParams();
        for (int i = 0; i < 2; i++) {
            rtds.getVcpuParams(d.vcpu(i), got.clear());
            assertThat(got.periodUs).isEqualTo(20_000);
            assertThat(got.budgetUs).isEqualTo(5000);
            assertThat(got.extratime).isEqualTo(i == 0);
        }
        assertThat(rtds.getDomainParams(d, got.clear())).isZero();
        assertThat(got.periodUs).isEqualTo(10_000);
        assertThat(got.budgetUs).isEqualTo(4000);
        assertThat(rtds.getGlobalParams(new SchedGlobalParams()))
                .as("no adjust_global hook")
                .isZero();
    }

    @Test
    void turningExtratimeOnForADepletedVcpuRefillsItOneLevelDown() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        Vcpu v = d.vcpu(0);
        set(v, 10_000, 4000, false);
        h.advanceTo(10 * MS);
        h.wake(v);
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        h.advanceTo(14 * MS);
        assertThat(h.scheduleAndSettle(0)).isNull();
        h.block(d.vcpu(0));
        h.wake(d.vcpu(0)); // back on the depleted queue
        assertThat(h.scheduleAndSettle(0)).isNull();
        set(v, 10_000, 4000, true);
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        assertThat(h.decision.timesliceNs).isEqualTo(4 * MS);
    }

    @Test
    void theReplenishmentTimerFollowsTheEarliestDeadlineOfTheRunnableVcpus() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        set(d.vcpu(0), 3000, 1000, false);
        set(d.vcpu(1), 7000, 1000, false);
        h.advanceTo(10 * MS);
        h.wake(d.vcpu(1));
        assertThat(h.timerExpiry("rtds-repl")).isEqualTo(17 * MS);
        h.wake(d.vcpu(0));
        assertThat(h.timerExpiry("rtds-repl")).isEqualTo(13 * MS);
        h.block(d.vcpu(0));
        assertThat(h.timerExpiry("rtds-repl")).isEqualTo(17 * MS);
        h.block(d.vcpu(1));
        assertThat(h.timerExpiry("rtds-repl")).isEqualTo(-1);
    }

    /**
     * Xen's {@code repl_timer_handler} tickles for a replenished vCPU only if it was depleted (or if it runs); one that
     * waits at an extratime level and is promoted back to level 0 waits until the running vCPU's timeslice ends. pvsim
     * keeps this: it is what makes extratime vCPUs miss deadlines (docs/schedulers.md, RTDS).
     */
    @Test
    void aQueuedExtratimeVcpuPromotedToLevelZeroByItsReplenishmentTicklesNoPcpu() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Domain d = h.domain(1, 2);
        Vcpu a = d.vcpu(0);
        Vcpu b = d.vcpu(1);
        set(a, 10_000, 1000, true);
        set(b, 30_000, 5000, true);
        h.advanceTo(10 * MS);
        h.wake(a); // deadline 20
        h.wake(b); // deadline 40
        assertThat(h.scheduleAndSettle(0)).isSameAs(a);
        h.advanceTo(11 * MS); // a: level 1
        assertThat(h.scheduleAndSettle(0)).isSameAs(b);
        h.advanceTo(16 * MS); // b: level 1; a's earlier deadline wins
        assertThat(h.scheduleAndSettle(0)).isSameAs(a);
        h.advanceTo(17 * MS); // a: level 2
        assertThat(h.scheduleAndSettle(0)).isSameAs(b);
        assertThat(h.decision.timesliceNs).isEqualTo(5 * MS);
        h.tickles.clear();
        h.advanceTo(20 * MS); // a: level 0, deadline 30, and it beats b
        assertThat(h.tickles).isEmpty();
        h.advanceTo(22 * MS);
        assertThat(h.scheduleAndSettle(0)).isSameAs(a);
    }

    @Test
    void aVcpuTheCoreSwitchesOutIsChargedAndLeavesTheQueuesAtTheNextDecision() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Vcpu v = h.domain(1, 1).vcpu(0);
        set(v, 10_000, 4000, false);
        h.advanceTo(10 * MS);
        h.wake(v);
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        h.advanceTo(11 * MS);
        h.pauseSync(v); // vcpu_sleep_sync: switched out without rt_schedule
        assertThat(h.isTickled(0)).isTrue();
        assertThat(h.scheduleAndSettle(0)).isNull();
        assertThat(h.timerExpiry("rtds-repl")).as("off the replenishment queue").isEqualTo(-1);
        h.advanceTo(12 * MS);
        h.unpause(v);
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        assertThat(h.decision.timesliceNs).as("the 1 ms it ran was charged").isEqualTo(3 * MS);
    }

    @Test
    void aVcpuWokenBeforeTheDecisionThatSavesItIsQueuedByThatDecision() {
        ScriptedSchedulerHost h = new ScriptedSchedulerHost(rtds, 1);
        Vcpu v = h.domain(1, 1).vcpu(0);
        h.advanceTo(10 * MS);
        h.wake(v);
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        h.advanceTo(12 * MS);
        h.pauseSync(v);
        h.unpause(v); // woken while still "scheduled": Xen's RTDS_delayed_runq_add
        assertThat(h.scheduleAndSettle(0)).isSameAs(v);
        assertThat(h.decision.timesliceNs).isEqualTo(2 * MS);
        assertThat(h.timerExpiry("rtds-repl")).isEqualTo(20 * MS);
    }
}
