package org.pvsim.hypervisor.sched.credit2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.CREDIT_INIT;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.unit;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;

/** Credit arithmetic driven by hand through a fake host: burn rates, resets, timeslices, yield. */
class Credit2CreditTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private static Vcpu vcpu(FakeHost h, int domid, long now) {
        Domain d = h.domain(domid, 1, now);
        return d.vcpu(0);
    }

    @Test
    void aResetAddsTenMsToEveryUnitOfTheRunqueueAndClipsTheCarryOverAt500us() {
        FakeHost h = FakeHost.credit2(1, "");
        Vcpu top = vcpu(h, 1, 0);
        Vcpu low = vcpu(h, 2, 0);
        Vcpu lowest = vcpu(h, 3, 0);
        Vcpu blocked = vcpu(h, 4, 0);
        unit(top).credit = 0;
        unit(low).credit = -3 * MS;
        unit(lowest).credit = -7 * MS;
        unit(blocked).credit = 2 * MS; // assigned to the runqueue but not runnable: reset all the same
        h.wake(top, 0);
        h.wake(low, 0);
        h.wake(lowest, 0);

        h.schedule(0, 0);

        assertThat(h.current[0]).isSameAs(top);
        assertThat(unit(top).credit).isEqualTo(10 * MS);
        assertThat(unit(low).credit).isEqualTo(7 * MS);
        assertThat(unit(lowest).credit).isEqualTo(3 * MS);
        assertThat(unit(blocked).credit).isEqualTo(10 * MS + 500 * US);
        List<FakeHost.Trace> resets = h.traces.stream()
                .filter(t -> t.event() == TraceEvent.TRC_CSCHED2_CREDIT_RESET)
                .toList();
        assertThat(resets).hasSize(4);
        assertThat(resets.stream().filter(t -> t.vcpu() == blocked).findFirst().orElseThrow())
                .extracting(FakeHost.Trace::d1, FakeHost.Trace::d2)
                .containsExactly(2 * MS, 10 * MS + 500 * US);
    }

    @Test
    void creditFloorsAtMinus10msAndAResetFromTheFloorAddsTwice() {
        FakeHost h = FakeHost.credit2(1, "");
        Vcpu v = vcpu(h, 1, 0);
        h.wake(v, 0);
        h.schedule(0, 0);
        assertThat(h.current[0]).isSameAs(v);

        // it ran 35 ms without a decision: 10 - 35 = -25 ms, floored at -10 ms; the reset then adds 2 x 10 ms
        h.schedule(0, 35 * MS);

        FakeHost.Trace reset = h.traces.stream()
                .filter(t -> t.event() == TraceEvent.TRC_CSCHED2_CREDIT_RESET)
                .findFirst()
                .orElseThrow();
        assertThat(reset.d1()).isEqualTo(Credit2Scheduler.CREDIT_MIN);
        assertThat(reset.d2()).isEqualTo(10 * MS);
        assertThat(unit(v).credit).isEqualTo(10 * MS);
    }

    @Test
    void theHeaviestUnitBurnsOneCreditPerNsTheOthersMaxWeightOverWeight() {
        FakeHost h = FakeHost.credit2(1, "");
        Vcpu heavy = vcpu(h, 1, 0);
        Vcpu light = vcpu(h, 2, 0);
        Credit2Scheduler s = h.credit2();
        org.pvsim.hypervisor.sched.SchedParams p = new org.pvsim.hypervisor.sched.SchedParams();
        p.weight = 512;
        assertThat(s.putDomainParams(heavy.domain(), p, 0)).isZero();
        assertThat(s.rqOf[0].maxWeight).isEqualTo(512);
        h.wake(heavy, 0);
        h.wake(light, 0);

        h.schedule(0, 0);
        assertThat(h.current[0]).isSameAs(heavy);
        h.schedule(0, 3 * MS);
        assertThat(unit(heavy).credit).isEqualTo(7 * MS);
        assertThat(h.current[0]).isSameAs(light);
        h.schedule(0, 4 * MS);
        assertThat(unit(light).credit).isEqualTo(8 * MS);
    }

    @Test
    void theDivisionRemainderIsCarriedToTheNextBurn() {
        Credit2Runqueue rqd = new Credit2Runqueue(0, 1);
        Credit2Unit u = new Credit2Unit(
                new Domain(1, false, false, 1, new byte[16], 0).vcpu(0),
                new Credit2Domain(new Domain(1, false, false, 1, new byte[16], 0)));
        rqd.maxWeight = 3;
        u.weight = 2;
        rqd.burn(u, 1); // 3 / 2 = 1, remainder 1
        assertThat(u.credit).isEqualTo(CREDIT_INIT - 1);
        rqd.burn(u, 1); // (3 + 1) / 2 = 2
        assertThat(u.credit).isEqualTo(CREDIT_INIT - 3);
        assertThat(u.residual).isZero();
    }

    @Test
    void theTimesliceRunsToTheNextWaitingUnitsCreditWithinMinAndMaxTimer() {
        FakeHost h = FakeHost.credit2(1, "sched_ratelimit_us=0");
        Vcpu a = vcpu(h, 1, 0);
        Vcpu b = vcpu(h, 2, 0);
        unit(b).credit = 4 * MS;
        h.wake(a, 0);
        h.wake(b, 0);
        assertThat(h.schedule(0, 0)).isEqualTo(6 * MS); // 10 ms - 4 ms, same weight

        unit(b).credit = unit(a).credit - 100 * US; // just below: the minimum timer, 500 us
        assertThat(h.schedule(0, 0)).isEqualTo(Credit2Scheduler.MIN_TIMER);

        FakeHost alone = FakeHost.credit2(1, "sched_ratelimit_us=0");
        Vcpu c = vcpu(alone, 1, 0);
        unit(c).credit = 10 * MS + 400 * US;
        alone.wake(c, 0);
        assertThat(alone.schedule(0, 0)).isEqualTo(Credit2Scheduler.MAX_TIMER);
    }

    @Test
    void theRateLimitKeepsTheCurrentUnitAndSetsTheMinimumTimeslice() {
        FakeHost h = FakeHost.credit2(1, ""); // 1000 us
        Vcpu a = vcpu(h, 1, 0);
        Vcpu b = vcpu(h, 2, 0);
        unit(b).credit = 9_900 * US;
        h.wake(a, 0);
        h.wake(b, 0);
        assertThat(h.schedule(0, 0)).isEqualTo(MS); // 100 us of credit difference, but the rate limit is 1 ms
        // woken early: still within the rate limit, it keeps running for what is left of it
        assertThat(h.schedule(0, 300 * US)).isEqualTo(700 * US);
        assertThat(h.current[0]).isSameAs(a);
        assertThat(h.count(TraceEvent.TRC_CSCHED2_RATELIMIT)).isEqualTo(1);
        h.schedule(0, MS);
        assertThat(h.current[0]).isSameAs(b);
    }

    @Test
    void aYieldingUnitGivesWayEvenToOneWithLessCredit() {
        FakeHost h = FakeHost.credit2(1, "");
        Vcpu a = vcpu(h, 1, 0);
        Vcpu b = vcpu(h, 2, 0);
        unit(b).credit = 5 * MS;
        h.wake(a, 0);
        h.wake(b, 0);
        h.schedule(0, 0);
        assertThat(h.current[0]).isSameAs(a);

        h.credit2().yield(a, 200 * US);
        assertThat(h.tickled[0]).isTrue();
        h.schedule(0, 200 * US);
        assertThat(h.current[0]).isSameAs(b);
        // the yield is spent: a gets the pCPU back by credit at the next decision past the rate limit
        h.schedule(0, 1_300 * US);
        assertThat(h.current[0]).isSameAs(a);
    }

    @Test
    void aWakingUnitTicklesAnIdlePcpu() {
        FakeHost h = FakeHost.credit2(2, "");
        Vcpu a = vcpu(h, 1, 0);
        Vcpu b = vcpu(h, 2, 0);
        h.wake(a, 0);
        int x = h.tickled[0] ? 0 : 1;
        assertThat(h.tickled[x]).isTrue();
        assertThat(h.tickled[1 - x]).isFalse();
        h.schedule(x, 0);
        assertThat(h.current[x]).isSameAs(a);

        h.wake(b, 10 * US);
        assertThat(h.tickled[1 - x]).as("the idle pCPU").isTrue();
        h.schedule(1 - x, 10 * US);
        assertThat(h.current[1 - x]).isSameAs(b);
    }

    @Test
    void aWakingUnitPreemptsThePcpuWhereItWinsByMostCredit() {
        FakeHost h = FakeHost.credit2(3, "");
        Vcpu[] v = new Vcpu[4];
        for (int i = 0; i < 4; i++) {
            v[i] = vcpu(h, i + 1, 0);
        }
        for (int i = 0; i < 3; i++) {
            h.wake(v[i], 0);
        }
        for (int p = 0; p < 3; p++) {
            h.schedule(p, 0);
        }
        Vcpu c = v[3];
        int own = unit(c).processor;
        Vcpu onOwn = h.current[own];
        Vcpu mid = h.current[(own + 1) % 3];
        Vcpu lowest = h.current[(own + 2) % 3];
        // at 2 ms each will have burned 2 ms: 9 ms on c's own pCPU, 5 ms and 3 ms elsewhere; c has 8 ms
        unit(onOwn).credit = 11 * MS;
        unit(mid).credit = 7 * MS;
        unit(lowest).credit = 5 * MS;
        unit(c).credit = 8 * MS;
        java.util.Arrays.fill(h.tickled, false);

        h.wake(c, 2 * MS);

        int target = (own + 2) % 3;
        assertThat(h.tickled)
                .as("only the pCPU running 3 ms of credit")
                .containsExactly(target == 0, target == 1, target == 2);
        assertThat(unit(c).tickledCpu).isEqualTo(target);
        h.schedule(target, 2 * MS);
        assertThat(h.current[target]).isSameAs(c);
        assertThat(unit(c).credit).as("50 us of migration compensation").isEqualTo(8 * MS + 50 * US);
    }

    @Test
    void aWakingUnitDoesNotPreemptWithinTheRateLimit() {
        FakeHost h = FakeHost.credit2(1, "");
        Vcpu a = vcpu(h, 1, 0);
        Vcpu b = vcpu(h, 2, 0);
        Vcpu c = vcpu(h, 3, 0);
        h.wake(a, 0);
        h.schedule(0, 0);
        h.tickled[0] = false;
        h.wake(b, 500 * US);
        assertThat(h.tickled[0]).isFalse();
        // past the rate limit less its 50 us tolerance
        h.wake(c, 960 * US);
        assertThat(h.tickled[0]).isTrue();
    }
}
