package org.pvsim.hypervisor.sched.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.ChronicleJournal;
import org.pvsim.hypervisor.journal.JournalReader;
import org.pvsim.hypervisor.journal.JournalRecord;
import org.pvsim.hypervisor.journal.ReplayResult;
import org.pvsim.hypervisor.journal.Replayer;
import org.pvsim.hypervisor.journal.TimerClass;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.WakeLatency;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

/** The credit scheduler on a real hypervisor with synthetic guests ({@link SchedTestbed}). */
class CreditSchedulerTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void weights512And256ShareOnePcpuTwoToOne() {
        SchedTestbed t = new SchedTestbed("credit", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .weight(1, 512, 0)
                .weight(2, 256, 0)
                .run(30 * SECOND);
        double s1 = t.cpuShare(1);
        double s2 = t.cpuShare(2);
        System.out.printf("credit weights 512:256 on 1 pCPU, 30 s: %.4f %.4f (dom0 %.6f)%n", s1, s2, t.cpuShare(0));
        // dom0 only blocks: what it used is discounted by comparing the two domains with each other
        assertThat(t.cpuShare(0)).isLessThan(0.001);
        assertThat(s1 + s2).isCloseTo(1.0, within(0.002));
        assertThat(s1 / (s1 + s2)).isCloseTo(2.0 / 3, within(0.02));
        assertThat(s2 / (s1 + s2)).isCloseTo(1.0 / 3, within(0.02));
    }

    @Test
    void weightsStillHoldWhenADomainIsPausedAndUnpausedWhileItRuns() {
        SchedTestbed t = new SchedTestbed("credit", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .weight(1, 512, 0)
                .weight(2, 256, 0);
        var d1 = t.hv.domains().get(1);
        var d2 = t.hv.domains().get(2);
        long paused1 = 0;
        long paused2 = 0;
        for (int i = 0; i < 1000; i++) {
            t.run(7 * MS + 300_000);
            // a synchronous pause switches a running vCPU out without a do_schedule
            var d = (i & 1) == 0 ? d1 : d2;
            long before = t.hv.now();
            t.hv.lifecycle().pause(d, before);
            t.run(MS);
            t.hv.lifecycle().unpause(d, t.hv.now());
            if (d == d1) {
                paused1 += t.hv.now() - before;
            } else {
                paused2 += t.hv.now() - before;
            }
        }
        long elapsed = t.hv.now();
        double s1 = t.cpuShare(1);
        double s2 = t.cpuShare(2);
        // each was paused 1 ms in every 16.6: what they got is still 2:1, less what the pauses took
        assertThat((double) paused1 / elapsed).isCloseTo(0.06, within(0.01));
        assertThat(s1 + s2).isCloseTo(1.0, within(0.002));
        assertThat(s1 / (s1 + s2)).isCloseTo(2.0 / 3, within(0.02));
        assertThat(paused2).isPositive();
    }

    @Test
    void aCapOf25HoldsACpuBoundDomainOnAnOtherwiseIdlePcpu() {
        SchedTestbed t = new SchedTestbed("credit", 1)
                .domain(1, Load.cpuBound())
                .weight(1, 0, 25)
                .run(30 * SECOND);
        System.out.printf("credit cap 25 alone on 1 pCPU, 30 s: %.4f%n", t.cpuShare(1));
        assertThat(t.cpuShare(1)).isLessThanOrEqualTo(0.26).isGreaterThan(0.24);
        // while parked it is paused, not merely left aside: its time goes to the offline runstate
        Vcpu v = t.vcpu(1, 0);
        assertThat(v.runstateTime(org.pvsim.hypervisor.abi.RunstateKind.RUNSTATE_offline, t.hv.now()))
                .isGreaterThan(20 * SECOND);
    }

    @Test
    void aCappedDomainLeavesTheRestToAnUncappedOne() {
        SchedTestbed t = new SchedTestbed("credit", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .weight(1, 0, 25)
                .run(10 * SECOND);
        assertThat(t.cpuShare(1)).isLessThanOrEqualTo(0.26);
        assertThat(t.cpuShare(2)).isGreaterThan(0.73);
    }

    @Test
    void aCapCountsInPcpusForAMultiVcpuDomain() {
        SchedTestbed t = new SchedTestbed("credit", 2)
                .domain(1, 2, Load.cpuBound())
                .weight(1, 0, 150)
                .run(10 * SECOND);
        // cpuShare is in units of one pCPU: 150% = 1.5 pCPUs
        assertThat(t.cpuShare(1)).isLessThanOrEqualTo(1.51).isGreaterThan(1.45);
    }

    @Test
    void boostGivesAnInteractiveDomainLowerWakeLatencyThanACpuHeavyOne() {
        // A pure CPU-bound kernel never blocks, so never wakes: the CPU-heavy comparison domain computes 20 ms, then
        // sleeps 10 ms. It has used its credit when it wakes, so mostly waits its turn; the interactive one (200 us
        // every 10 ms) is always UNDER, so BOOSTed past the two CPU-bound domains.
        SchedTestbed t = contention("credit");
        WakeLatency interactive = t.latency(1);
        WakeLatency heavy = t.latency(2);
        System.out.printf(
                "credit BOOST: interactive %d wakes, mean %.0f ns, p99 %d ns; heavy %d wakes, mean %.0f ns, p99 %d ns;"
                        + " shares %.4f %.4f %.4f %.4f%n",
                interactive.count(),
                interactive.mean(),
                interactive.percentile(99),
                heavy.count(),
                heavy.mean(),
                heavy.percentile(99),
                t.cpuShare(1),
                t.cpuShare(2),
                t.cpuShare(3),
                t.cpuShare(4));
        assertThat(interactive.count()).isGreaterThan(900);
        assertThat(heavy.count()).isGreaterThan(100);
        assertThat(interactive.mean()).isLessThan(heavy.mean() / 10);
        assertThat(interactive.percentile(99)).isLessThan(heavy.percentile(99));
        // a BOOSTed vCPU waits at most for the rate limit (1 ms) of the vCPU it preempts
        assertThat(interactive.percentile(99)).isLessThanOrEqualTo(MS + MS / 10);
        // the CPU-bound domains still share the rest fairly
        assertThat(t.cpuShare(3)).isCloseTo(t.cpuShare(4), within(0.01));

        // the same host under round robin, which has no BOOST: the interactive domain waits for the others' slices
        WakeLatency rr = contention("rr").latency(1);
        assertThat(interactive.mean()).isLessThan(rr.mean() / 20);
    }

    private static SchedTestbed contention(String scheduler) {
        return new SchedTestbed(scheduler, 1)
                .domain(1, Load.interactive(200_000, 10 * MS))
                .domain(2, Load.interactive(20 * MS, 10 * MS))
                .domain(3, Load.cpuBound())
                .domain(4, Load.cpuBound())
                .run(10 * SECOND);
    }

    @Test
    void aVcpuThatYieldsAfterEveryMillisecondGoesBehindTheOthers() {
        SchedTestbed t = new SchedTestbed("credit", 1)
                .domain(1, () -> cpu -> {
                    cpu.compute(MS);
                    cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_yield.code, 0, 0, 0, 0);
                })
                .domain(2, Load.cpuBound())
                .run(5 * SECOND);
        System.out.printf("credit yielder vs CPU-bound, 5 s: %.4f %.4f%n", t.cpuShare(1), t.cpuShare(2));
        // each yield hands the pCPU to the CPU-bound vCPU for a whole timeslice (the yielder even goes behind it
        // when it is OVER): about 1 ms in 31, where without yielding it would get half
        assertThat(t.cpuShare(1)).isLessThan(0.06);
        assertThat(t.cpuShare(2)).isGreaterThan(0.93);
    }

    @Test
    void loadBalancingGivesFourCpuBoundVcpusHalfAPcpuEachOnTwoPcpus() {
        SchedTestbed t = new SchedTestbed("credit", 2);
        for (int d = 1; d <= 4; d++) {
            t.domain(d, Load.cpuBound());
        }
        t.run(10 * SECOND);
        System.out.printf(
                "credit 4 CPU-bound on 2 pCPUs, 10 s: %.4f %.4f %.4f %.4f%n",
                t.cpuShare(1), t.cpuShare(2), t.cpuShare(3), t.cpuShare(4));
        for (int d = 1; d <= 4; d++) {
            assertThat(t.cpuShare(d)).as("d%d", d).isCloseTo(0.5, within(0.02));
        }
        // all four started on pCPU 0: balancing had to move some
        long moved = 0;
        for (int d = 1; d <= 4; d++) {
            moved += t.vcpu(d, 0).migrations();
        }
        assertThat(moved).isGreaterThan(0);
    }

    @Test
    void loadBalancingSharesTwoPcpusAmongThreeVcpusOfOneDomain() {
        SchedTestbed t =
                new SchedTestbed("credit", 2).domain(1, 3, Load.cpuBound()).run(10 * SECOND);
        long now = t.hv.now();
        for (int v = 0; v < 3; v++) {
            double share = (double) t.vcpu(1, v).cpuTime(now) / now;
            assertThat(share).as("d1v%d", v).isCloseTo(2.0 / 3, within(0.03));
        }
        assertThat(t.cpuShare(1)).isCloseTo(2.0, within(0.01));
    }

    @Test
    void hardAffinityIsRespectedOnAnOvercommittedHost() {
        SchedTestbed t =
                new SchedTestbed("credit", 4).domain(1, 2, Load.cpuBound()).domain(2, 4, Load.cpuBound());
        Vcpu pinned = t.vcpu(1, 0);
        Vcpu pair = t.vcpu(1, 1);
        assertThat(t.hv.sched().setAffinity(pinned, CpuMask.of(2), null, t.hv.now()))
                .isZero();
        assertThat(t.hv.sched().setAffinity(pair, CpuMask.of(1, 3), null, t.hv.now()))
                .isZero();
        long pinnedSamples = 0;
        long pairSamples = 0;
        for (int i = 0; i < 3000; i++) {
            t.run(MS); // the core also reports any breach as a hypervisor bug, which fails run()
            if (pinned.isRunning()) {
                pinnedSamples++;
                assertThat(pinned.processor()).isEqualTo(2);
            }
            if (pair.isRunning()) {
                pairSamples++;
                assertThat(pair.processor()).isIn(1, 3);
            }
        }
        // 6 equal vCPUs on 4 pCPUs: each should still get about 2/3 of a pCPU
        assertThat(pinnedSamples).isGreaterThan(1500);
        assertThat(pairSamples).isGreaterThan(1500);
        // no pCPU idles, but for the first ticks, until the vCPUs created on the first pCPUs are spread out
        assertThat(t.cpuShare(1) + t.cpuShare(2)).isCloseTo(4.0, within(0.03));
    }

    @Test
    void aVcpuGoesWhereItsSoftAffinityPointsWhenThatPcpuIsFree() {
        SchedTestbed t = new SchedTestbed("credit", 4).domain(1, 2, Load.cpuBound());
        Vcpu soft = t.vcpu(1, 1);
        assertThat(t.hv.sched().setAffinity(soft, null, CpuMask.of(3), t.hv.now()))
                .isZero();
        long onSoft = 0;
        for (int i = 0; i < 1000; i++) {
            t.run(MS);
            assertThat(soft.isRunning()).isTrue();
            onSoft += soft.processor() == 3 ? 1 : 0;
        }
        assertThat(onSoft).isGreaterThan(990);
    }

    @Test
    void domainParametersAreCheckedAsXenChecksThem() {
        SchedTestbed t = new SchedTestbed("credit", 2).domain(1, 2, Load.cpuBound());
        Scheduler credit = t.hv.sched().policy();
        assertThat(credit.name()).isEqualTo("credit");
        assertThat(credit.schedulerId()).isEqualTo(5);
        var d = t.hv.domains().get(1);
        SchedParams p = new SchedParams();
        assertThat(credit.getDomainParams(d, p)).isZero();
        assertThat(p.weight).isEqualTo(256);
        assertThat(p.cap).isZero();

        int einval = Errno.EINVAL.neg();
        assertThat(credit.putDomainParams(d, params(-1, 0), 0)).isEqualTo(einval);
        assertThat(credit.putDomainParams(d, params(65536, 0), 0)).isEqualTo(einval);
        assertThat(credit.putDomainParams(d, params(0, -1), 0)).isEqualTo(einval);
        assertThat(credit.putDomainParams(d, params(0, 201), 0)).isEqualTo(einval);
        assertThat(credit.putDomainParams(d, params(0, 0x10000), 0)).isEqualTo(einval);
        credit.getDomainParams(d, p.clear());
        assertThat(p.weight).isEqualTo(256);
        assertThat(p.cap).isZero();

        assertThat(credit.putDomainParams(d, params(65535, 200), 0)).isZero();
        credit.getDomainParams(d, p.clear());
        assertThat(p.weight).isEqualTo(65535);
        assertThat(p.cap).isEqualTo(200);
        // weight 0 and cap 0xFFFF leave them; cap 0 removes the cap (csched_dom_cntl)
        assertThat(credit.putDomainParams(d, params(0, CreditScheduler.CAP_UNCHANGED), 0))
                .isZero();
        credit.getDomainParams(d, p.clear());
        assertThat(p.weight).isEqualTo(65535);
        assertThat(p.cap).isEqualTo(200);
        assertThat(credit.putDomainParams(d, params(1, 0), 0)).isZero();
        credit.getDomainParams(d, p.clear());
        assertThat(p.weight).isEqualTo(1);
        assertThat(p.cap).isZero();
    }

    @Test
    void globalParametersAreCheckedAsXenChecksThem() {
        SchedTestbed t = new SchedTestbed("credit", 1);
        Scheduler credit = t.hv.sched().policy();
        SchedGlobalParams g = new SchedGlobalParams();
        assertThat(credit.getGlobalParams(g)).isZero();
        assertThat(g.tsliceMs).isEqualTo(30);
        assertThat(g.ratelimitUs).isEqualTo(1000);
        assertThat(g.vcpuMigrDelayUs).isZero();

        int einval = Errno.EINVAL.neg();
        assertThat(credit.putGlobalParams(global(0, 1000, 0), 0)).isEqualTo(einval);
        assertThat(credit.putGlobalParams(global(1001, 1000, 0), 0)).isEqualTo(einval);
        assertThat(credit.putGlobalParams(global(30, 99, 0), 0)).isEqualTo(einval);
        assertThat(credit.putGlobalParams(global(600, 500_001, 0), 0)).isEqualTo(einval);
        assertThat(credit.putGlobalParams(global(5, 5001, 0), 0)).isEqualTo(einval);
        assertThat(credit.putGlobalParams(global(30, 1000, 100_001), 0)).isEqualTo(einval);
        assertThat(credit.putGlobalParams(global(30, -1, 0), 0)).isEqualTo(einval);
        credit.getGlobalParams(g.clear());
        assertThat(g.tsliceMs).isEqualTo(30);
        assertThat(g.ratelimitUs).isEqualTo(1000);

        SchedGlobalParams ok = global(5, 5000, 100_000);
        assertThat(credit.putGlobalParams(ok, 0)).isZero();
        assertThat(ok.tsliceMs).isEqualTo(5);
        credit.getGlobalParams(g.clear());
        assertThat(g.tsliceMs).isEqualTo(5);
        assertThat(g.ratelimitUs).isEqualTo(5000);
        assertThat(g.vcpuMigrDelayUs).isEqualTo(100_000);
        // a rate limit of 0 disables it
        assertThat(credit.putGlobalParams(global(1, 0, 0), 0)).isZero();
        credit.getGlobalParams(g.clear());
        assertThat(g.tsliceMs).isEqualTo(1);
        assertThat(g.ratelimitUs).isZero();
    }

    @Test
    void bootOptionsSetTheTimesliceAndRateLimitAndBadOnesAreRefusedByName() {
        SchedTestbed t = new SchedTestbed(
                "credit", 1, 1, "sched_credit_tslice_ms=10 sched_ratelimit_us=500 vcpu_migration_delay=7");
        SchedGlobalParams g = new SchedGlobalParams();
        t.hv.sched().policy().getGlobalParams(g);
        assertThat(g.tsliceMs).isEqualTo(10);
        assertThat(g.ratelimitUs).isEqualTo(500);
        assertThat(g.vcpuMigrDelayUs).isEqualTo(7);
        // a rate limit above the timeslice becomes the timeslice, as Xen does
        t = new SchedTestbed("credit", 1, 1, "sched_credit_tslice_ms=2 sched_ratelimit_us=5000");
        t.hv.sched().policy().getGlobalParams(g.clear());
        assertThat(g.ratelimitUs).isEqualTo(2000);

        assertThatThrownBy(() -> new SchedTestbed("credit", 1, 1, "sched_credit_tslice_ms=0"))
                .hasStackTraceContaining("sched_credit_tslice_ms");
        assertThatThrownBy(() -> new SchedTestbed("credit", 1, 1, "sched_credit_tslice_ms=1001"))
                .hasStackTraceContaining("sched_credit_tslice_ms");
        assertThatThrownBy(() -> new SchedTestbed("credit", 1, 1, "sched_ratelimit_us=99"))
                .hasStackTraceContaining("sched_ratelimit_us");
        assertThatThrownBy(() -> new SchedTestbed("credit", 1, 1, "vcpu_migration_delay=100001"))
                .hasStackTraceContaining("vcpu_migration_delay");
    }

    @Test
    void aShorterTimesliceStillSharesByWeight() {
        SchedTestbed t = new SchedTestbed("credit", 1, 1, "sched_credit_tslice_ms=5")
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .weight(1, 300, 0)
                .weight(2, 100, 0)
                .run(10 * SECOND);
        double s1 = t.cpuShare(1);
        double s2 = t.cpuShare(2);
        assertThat(s1 / (s1 + s2)).isCloseTo(0.75, within(0.02));
    }

    @Test
    @Timeout(120)
    void aCreditRunReplaysFromItsJournalWithNoDivergence(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("credit");
        SchedTestbed t;
        try (ChronicleJournal journal = ChronicleJournal.create(dir)) {
            t = new SchedTestbed("credit", 2, 1, "sched_credit_tslice_ms=10", journal)
                    .domain(1, Load.interactive(300_000, 4 * MS))
                    .domain(2, 3, Load.cpuBound())
                    .domain(3, 2, Load.cpuBound())
                    .domain(4, Load.interactive(15 * MS, 5 * MS))
                    .weight(2, 512, 0)
                    .weight(3, 0, 60);
            t.run(2 * SECOND);
        }
        List<JournalRecord> records = JournalReader.readAll(dir);
        long acct = records.stream()
                .filter(r -> r instanceof JournalRecord.TimerFired f
                        && f.timerClass() == TimerClass.SCHEDULER.code
                        && f.index() == CreditScheduler.MASTER_TIMER_INDEX)
                .count();
        assertThat(acct).as("accountings journalled").isBetween(199L, 201L);
        for (int event : new int[] {
            TraceEvent.TRC_CSCHED_SCHEDULE,
            TraceEvent.TRC_CSCHED_TICKLE,
            TraceEvent.TRC_CSCHED_BOOST_START,
            TraceEvent.TRC_CSCHED_BOOST_END,
            TraceEvent.TRC_CSCHED_ACCOUNT_START,
            TraceEvent.TRC_CSCHED_ACCOUNT_STOP,
            TraceEvent.TRC_CSCHED_STOLEN_UNIT,
            TraceEvent.TRC_CSCHED_RATELIMIT,
            TraceEvent.TRC_CSCHED_PICKED_CPU
        }) {
            assertThat(records.stream()
                            .filter(r -> r instanceof JournalRecord.Trace tr && tr.event() == event)
                            .count())
                    .as("trace events 0x%x", event)
                    .isPositive();
        }
        assertThat(t.hv.domains().get(3).vcpu(0).runstateTime(RunstateKind.RUNSTATE_offline, t.hv.now()))
                .as("the capped domain was parked")
                .isPositive();

        ReplayResult result = Replayer.replay(dir, t.replayFactory());
        assertThat(result).as(result.summary()).isInstanceOf(ReplayResult.Replayed.class);
        assertThat(result.recordsReplayed()).isEqualTo(records.size() - 1);
    }

    private static SchedParams params(int weight, int cap) {
        SchedParams p = new SchedParams();
        p.weight = weight;
        p.cap = cap;
        return p;
    }

    private static SchedGlobalParams global(int tsliceMs, int ratelimitUs, int migrDelayUs) {
        SchedGlobalParams g = new SchedGlobalParams();
        g.tsliceMs = tsliceMs;
        g.ratelimitUs = ratelimitUs;
        g.vcpuMigrDelayUs = migrDelayUs;
        return g;
    }
}
