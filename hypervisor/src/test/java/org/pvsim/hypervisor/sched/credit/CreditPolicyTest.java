package org.pvsim.hypervisor.sched.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.machine.CpuTopology;

/** Credit's runqueues, BOOST, rate limit, tick, stealing and placement, driven by hand on a {@link FakeHost}. */
class CreditPolicyTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    private static CreditUnit unit(Vcpu v) {
        return (CreditUnit) v.schedPriv;
    }

    private static CreditUnit u(String name, int pri) {
        Domain d = new Domain(name.charAt(0), false, false, 1, new byte[16], 0);
        CreditUnit svc = new CreditUnit(d.vcpu(0), null);
        svc.pri = pri;
        return svc;
    }

    private static List<CreditUnit> order(CreditPcpu spc) {
        List<CreditUnit> out = new ArrayList<>();
        for (CreditUnit x = spc.first(); x != null; x = x.runqNext) {
            out.add(x);
        }
        return out;
    }

    @Test
    void theRunqueueIsOrderedByPriorityAndFifoWithinOne() {
        CreditPcpu spc = new CreditPcpu(0, 1);
        CreditUnit a = u("a", CreditUnit.PRI_TS_OVER);
        CreditUnit b = u("b", CreditUnit.PRI_TS_UNDER);
        CreditUnit c = u("c", CreditUnit.PRI_TS_BOOST);
        CreditUnit d = u("d", CreditUnit.PRI_TS_UNDER);
        CreditUnit e = u("e", CreditUnit.PRI_TS_OVER);
        for (CreditUnit x : List.of(a, b, c, d, e)) {
            spc.insert(x, true);
        }
        assertThat(order(spc)).containsExactly(c, b, d, a, e);
        // a yielding vCPU goes behind its peers and one lower-priority vCPU
        CreditUnit y = u("y", CreditUnit.PRI_TS_UNDER);
        y.yielding = true;
        spc.insert(y, true);
        assertThat(order(spc)).containsExactly(c, b, d, a, y, e);
        spc.remove(y);
        assertThat(y.yielding).isFalse();
        assertThat(order(spc)).containsExactly(c, b, d, a, e);
    }

    @Test
    void sortingMovesUnderAheadOfOverKeepingTheOrder() {
        CreditPcpu spc = new CreditPcpu(0, 1);
        CreditUnit w = u("w", CreditUnit.PRI_TS_OVER);
        CreditUnit x = u("x", CreditUnit.PRI_TS_OVER);
        CreditUnit y = u("y", CreditUnit.PRI_TS_OVER);
        CreditUnit z = u("z", CreditUnit.PRI_TS_OVER);
        for (CreditUnit k : List.of(w, x, y, z)) {
            spc.insert(k, false);
        }
        // the accounting changed priorities in place
        x.pri = CreditUnit.PRI_TS_UNDER;
        z.pri = CreditUnit.PRI_TS_UNDER;
        spc.sort();
        assertThat(order(spc)).containsExactly(x, z, w, y);
        assertThat(spc.runqTail).isSameAs(y);
    }

    @Test
    void aWakingUnderVcpuIsBoostedAndPreemptsUntilTheNextTick() {
        FakeHost h = new FakeHost(1);
        Vcpu hog = h.domain(1, 1).vcpu(0);
        Vcpu io = h.domain(2, 1).vcpu(0);
        h.wake(hog);
        h.wake(io);
        // the first wake after insertion is a migration (pick_cpu placed it): no boost
        assertThat(h.traces(TraceEvent.TRC_CSCHED_BOOST_START)).isEmpty();
        assertThat(h.schedule(0)).isSameAs(hog);
        h.advance(2 * MS);
        h.schedule(0);
        assertThat(h.schedule(0)).isSameAs(io);
        h.advance(3 * MS);
        h.block(io);
        assertThat(h.schedule(0)).isSameAs(hog);
        h.tickled.clear();
        h.advance(5 * MS);
        h.wake(io);
        assertThat(unit(io).pri).isEqualTo(CreditUnit.PRI_TS_BOOST);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_BOOST_START)).hasSize(1);
        // it outranks the running vCPU and nobody idles: its pCPU is tickled, and it runs
        assertThat(h.tickled).containsExactly(0);
        assertThat(h.schedule(0)).isSameAs(io);
        // the tick that finds it running ends the boost
        h.advance(10 * MS);
        assertThat(unit(io).pri).isEqualTo(CreditUnit.PRI_TS_UNDER);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_BOOST_END)).hasSize(1);
    }

    @Test
    void theRateLimitKeepsAVcpuThatRanLessThanItUnlessItYields() {
        FakeHost h = new FakeHost(1);
        Vcpu a = h.domain(1, 1).vcpu(0);
        Vcpu b = h.domain(2, 1).vcpu(0);
        h.wake(a);
        h.wake(b);
        assertThat(h.schedule(0)).isSameAs(a);
        h.advance(400 * US);
        assertThat(h.schedule(0)).isSameAs(a);
        assertThat(h.decision.timesliceNs).isEqualTo(600 * US);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_RATELIMIT)).hasSize(1);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_RATELIMIT).get(0).d1()).isEqualTo(400 * US);
        // yielding bypasses it
        h.policy.yield(a, h.engine.now());
        assertThat(h.tickled).contains(0);
        assertThat(h.schedule(0)).isSameAs(b);
        assertThat(h.decision.timesliceNs).isEqualTo(30 * MS);
        // past the rate limit the other vCPU gets its turn at the end of the timeslice
        h.advance(31 * MS);
        assertThat(h.schedule(0)).isSameAs(a);
    }

    @Test
    void anIdlePcpuStealsQueuedWorkWithinHardAffinity() {
        FakeHost h = new FakeHost(2);
        Domain d = h.domain(1, 3);
        Vcpu v0 = d.vcpu(0);
        Vcpu v1 = d.vcpu(1);
        Vcpu v2 = d.vcpu(2);
        // the core's initial placement spreads them 0, 1, 0; move v1 to pCPU 0 as well
        v1.setHardAffinity(CpuMask.of(0));
        h.policy.affinityChanged(v1, 0);
        assertThat(unit(v0).cpu).isZero();
        assertThat(unit(v1).cpu).isZero();
        assertThat(unit(v2).cpu).isZero();
        h.wake(v0);
        h.wake(v1);
        h.wake(v2);
        assertThat(h.schedule(0)).isSameAs(v0);
        // pCPU 1 has nothing; within the load-balance rate limit (1 ms since boot) it does not look
        assertThat(h.schedule(1)).isNull();
        h.advance(2 * MS);
        Vcpu stolen = h.schedule(1);
        // v1 is first in pCPU 0's queue but pinned there: v2 is taken
        assertThat(stolen).isSameAs(v2);
        assertThat(unit(v2).cpu).isEqualTo(1);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_STOLEN_UNIT)).hasSize(1);
        assertThat(h.policy.pcpu(0).nrRunnable).isEqualTo(2);
        assertThat(h.policy.pcpu(1).nrRunnable).isEqualTo(1);
    }

    @Test
    void pickCpuPrefersAnIdleCoreToTheSiblingOfABusyThread() {
        // one socket, two cores of two threads: pCPUs 0,1 are core 0 and 2,3 core 1
        FakeHost h = new FakeHost(new CpuTopology(1, 2, 2), "");
        Domain d = h.domain(1, 2);
        Vcpu busy = d.vcpu(0);
        Vcpu next = d.vcpu(1);
        h.wake(busy);
        assertThat(h.schedule(0)).isSameAs(busy);
        for (int p = 1; p < 4; p++) {
            assertThat(h.schedule(p)).isNull();
        }
        // with work queued on pCPU 0 (else Xen's pick counts pCPU 0 as idle for a vCPU that belongs there)
        h.policy.pcpu(0).insert(u("q", CreditUnit.PRI_TS_OVER), true);
        unit(next).cpu = 0;
        int cpu = h.policy.placementForTest().pick(unit(next), true, h.engine.now());
        // pCPU 1 is idle, but its sibling is busy: core 1, with two idle threads, wins
        assertThat(cpu).isIn(2, 3);
        assertThat(h.policy.pcpu(2).idleBias).isEqualTo(cpu);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_PICKED_CPU))
                .last()
                .extracting(r -> r.d1())
                .isEqualTo((long) cpu);
    }

    @Test
    void pickCpuAcrossSocketsMovesOnlyToATwiceIdlerSocket() {
        // two sockets of four cores: pCPUs 0-3 socket 0, 4-7 socket 1
        FakeHost h = new FakeHost(new CpuTopology(2, 4, 1), "");
        Domain d = h.domain(1, 4);
        for (int p = 0; p < 8; p++) {
            assertThat(h.schedule(p)).isNull();
        }
        Vcpu probe = d.vcpu(3);
        unit(probe).cpu = 0;
        // everything idle: it stays where it is
        assertThat(h.policy.placementForTest().pick(unit(probe), false, 0)).isZero();
        h.policy.pcpu(0).insert(u("q", CreditUnit.PRI_TS_OVER), true);
        // pCPUs 0 and 1 busy: socket 0 has 2 idle, socket 1 has 4; 2 x 2 < 4 is false, so it stays in socket 0
        runOn(h, d.vcpu(0), 0);
        runOn(h, d.vcpu(1), 1);
        assertThat(h.policy.placementForTest().pick(unit(probe), false, 0)).isEqualTo(2);
        // pCPU 2 busy too: 1 x 2 < 4, so it goes to the idler socket
        runOn(h, d.vcpu(2), 2);
        assertThat(h.policy.placementForTest().pick(unit(probe), false, 0)).isEqualTo(4);
    }

    private static void runOn(FakeHost h, Vcpu v, int cpu) {
        unit(v).cpu = cpu;
        h.wake(v);
        assertThat(h.schedule(cpu)).isSameAs(v);
    }

    @Test
    void aShortTimesliceHasOneTickAndFewerCredits() {
        CreditTunables t = new CreditTunables();
        t.setTslice(30);
        assertThat(t.ticksPerTslice).isEqualTo(3);
        assertThat(t.tickPeriodNs).isEqualTo(10 * MS);
        assertThat(t.creditsPerTslice).isEqualTo(300);
        t.setTslice(2);
        assertThat(t.ticksPerTslice).isEqualTo(1);
        assertThat(t.tickPeriodNs).isEqualTo(2 * MS);
        assertThat(t.creditsPerTslice).isEqualTo(20);
        t.setTslice(1000);
        assertThat(t.tickPeriodNs).isEqualTo(333_333 * US);
    }

    @Test
    void theTickRunsOnlyWhileThePcpuRunsAVcpu() {
        FakeHost h = new FakeHost(1);
        Vcpu v = h.domain(1, 1).vcpu(0);
        CreditPcpu spc = h.policy.pcpu(0);
        assertThat(spc.ticker.isActive()).isFalse();
        h.advance(3 * MS);
        h.wake(v);
        h.schedule(0);
        // restarted on a tick boundary
        assertThat(spc.ticker.isActive()).isTrue();
        assertThat(spc.ticker.expires()).isEqualTo(10 * MS);
        h.advance(25 * MS);
        assertThat(spc.ticks).isEqualTo(2);
        h.block(v);
        h.schedule(0);
        assertThat(spc.ticker.isActive()).isFalse();
    }

    @Test
    void aVcpuSwitchedOutByASynchronousPauseIsChargedAsIfDescheduled() {
        FakeHost h = new FakeHost(1);
        Vcpu a = h.domain(1, 1).vcpu(0);
        Vcpu b = h.domain(2, 1).vcpu(0);
        h.wake(a);
        h.wake(b);
        assertThat(h.schedule(0)).isSameAs(a);
        assertThat(h.policy.pcpu(0).nrRunnable).isEqualTo(2);
        h.advance(5 * MS + 50 * US);
        h.pauseSync(0);
        // the core switched it out with no do_schedule; a later event (here: 1 ms on) finds it out
        h.advance(6 * MS + 50 * US);
        assertThat(h.schedule(0)).isSameAs(b);
        // charged for 5.05 ms, as of the pause: 50 credits, the 50 us remainder kept; one runnable vCPU left
        assertThat(unit(a).credit).isEqualTo(-50);
        assertThat(h.policy.pcpu(0).nrRunnable).isEqualTo(1);
        h.unpause(a);
        assertThat(h.policy.pcpu(0).nrRunnable).isEqualTo(2);
        h.advance(40 * MS);
        assertThat(h.schedule(0)).isSameAs(a);
        h.advance(41 * MS);
        h.block(a);
        h.schedule(0);
        // 1 ms more plus the remainder: 10.5 credits, so 10 more charged and 50 us kept
        assertThat(unit(a).credit).isEqualTo(-60);
        assertThat(unit(a).startTime)
                .as("the uncharged 50 us, kept as an offset")
                .isEqualTo(-50 * US);
    }

    @Test
    void aVcpuStillCacheHotIsNotStolen() {
        FakeHost h = new FakeHost(new CpuTopology(1, 2, 1), "vcpu_migration_delay=5000");
        Domain d = h.domain(1, 2);
        Vcpu a = d.vcpu(0);
        Vcpu b = d.vcpu(1);
        unit(b).cpu = 0;
        h.wake(a);
        h.wake(b);
        assertThat(h.schedule(0)).isSameAs(a);
        // b last left a pCPU at time 0 (as far as credit knows): within vcpu_migration_delay (5 ms) it stays put
        h.advance(2 * MS);
        assertThat(h.schedule(1)).isNull();
        assertThat(h.traces(TraceEvent.TRC_CSCHED_STOLEN_UNIT)).isEmpty();
        h.advance(6 * MS);
        assertThat(h.schedule(1)).isSameAs(b);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_STOLEN_UNIT)).hasSize(1);
    }

    @Test
    void removingADomainsVcpusUndoesTheirAccountingRunqueuesAndParking() {
        FakeHost h = new FakeHost(1);
        Domain keep = h.domain(1, 1);
        Domain gone = h.domain(2, 2);
        CreditAccounting acct = h.policy.accounting();
        Vcpu g0 = gone.vcpu(0);
        Vcpu g1 = gone.vcpu(1);
        h.wake(keep.vcpu(0));
        h.wake(g0);
        h.wake(g1);
        acct.start(unit(keep.vcpu(0)), 0);
        acct.start(unit(g0), 0);
        acct.start(unit(g1), 0);
        unit(g0).sdom.cap = 10;
        unit(g0).credit = -1000;
        acct.account(0);
        assertThat(unit(g0).parked).isTrue();
        assertThat(g0.pauseCount()).isEqualTo(1);
        assertThat(unit(g1).onRunq).isTrue();
        assertThat(acct.weight).isEqualTo(3 * 256);
        gone.setPauseCount(1); // domain_kill pauses it first
        h.policy.removeVcpu(g0, 0);
        h.policy.removeVcpu(g1, 0);
        h.policy.destroyDomain(gone, 0);
        assertThat(g0.pauseCount()).isZero();
        assertThat(acct.weight).isEqualTo(256);
        assertThat(acct.activeHead().dom).isSameAs(keep);
        assertThat(acct.activeHead().activeNext).isNull();
        assertThat(h.policy.pcpu(0).nrRunnable).isEqualTo(1);
        assertThat(h.schedule(0)).isSameAs(keep.vcpu(0));
    }
}
