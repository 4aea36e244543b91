package org.pvsim.hypervisor.sched.credit2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.unit;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.SchedParams;

/** Credit2's parameters and boot options, with Xen's defaults, checks and error codes; cap budgets by hand. */
class Credit2ParamsTest {
    private static final long MS = 1_000_000L;
    private static final int EINVAL = Errno.EINVAL.neg();

    private static SchedParams params(int weight, int cap) {
        SchedParams p = new SchedParams();
        p.weight = weight;
        p.cap = cap;
        return p;
    }

    private static SchedParams get(Credit2Scheduler s, Domain d) {
        SchedParams p = new SchedParams();
        assertThat(s.getDomainParams(d, p)).isZero();
        return p;
    }

    @Test
    void aDomainStartsWithWeight256AndNoCap() {
        FakeHost h = FakeHost.credit2(1, "");
        Domain d = h.domain(1, 2, 0);
        SchedParams p = get(h.credit2(), d);
        assertThat(p.weight).isEqualTo(256);
        assertThat(p.cap).isZero();
        assertThat(h.credit2().schedulerId()).isEqualTo(6);
        assertThat(h.credit2().name()).isEqualTo("credit2");
    }

    @Test
    void putinfoChecksWeightAndCapAsXenDoes() {
        FakeHost h = FakeHost.credit2(2, "");
        Credit2Scheduler s = h.credit2();
        Domain d = h.domain(1, 2, 0);

        assertThat(s.putDomainParams(d, params(65535, 0), 0)).isZero();
        assertThat(get(s, d).weight).isEqualTo(65535);
        assertThat(s.putDomainParams(d, params(1, 0), 0)).isZero();
        assertThat(get(s, d).weight).isEqualTo(1);
        assertThat(s.putDomainParams(d, params(0, 0), 0))
                .as("weight 0: unchanged")
                .isZero();
        assertThat(get(s, d).weight).isEqualTo(1);

        assertThat(s.putDomainParams(d, params(65536, 0), 0)).isEqualTo(EINVAL);
        assertThat(s.putDomainParams(d, params(-1, 0), 0)).isEqualTo(EINVAL);
        assertThat(s.putDomainParams(d, params(0, -5), 0)).isEqualTo(EINVAL);
        // cap is at most 100 x nr_vcpus: 200 for two vCPUs
        assertThat(s.putDomainParams(d, params(300, 201), 0)).isEqualTo(EINVAL);
        assertThat(get(s, d).weight).as("a refused put changes nothing").isEqualTo(1);
        assertThat(s.putDomainParams(d, params(0, 200), 0)).isZero();
        assertThat(get(s, d).cap).isEqualTo(200);
        assertThat(s.putDomainParams(d, params(0, 0), 0))
                .as("cap 0 removes the cap")
                .isZero();
        assertThat(get(s, d).cap).isZero();
    }

    @Test
    void aWeightChangeMovesTheRunqueuesMaximumWeight() {
        FakeHost h = FakeHost.credit2(1, "");
        Credit2Scheduler s = h.credit2();
        Domain a = h.domain(1, 1, 0);
        Domain b = h.domain(2, 1, 0);
        assertThat(s.rqOf[0].maxWeight).isEqualTo(256);
        assertThat(s.putDomainParams(a, params(1000, 0), 0)).isZero();
        assertThat(s.rqOf[0].maxWeight).isEqualTo(1000);
        assertThat(s.putDomainParams(a, params(10, 0), 0)).isZero();
        assertThat(s.rqOf[0].maxWeight).isEqualTo(256);
        s.removeVcpu(b.vcpu(0), 0);
        assertThat(s.rqOf[0].maxWeight).isEqualTo(10);
    }

    @Test
    void sysctlRatelimitIs100To500000Or0ToDisable() {
        FakeHost h = FakeHost.credit2(1, "");
        Credit2Scheduler s = h.credit2();
        SchedGlobalParams g = new SchedGlobalParams();
        assertThat(s.getGlobalParams(g)).isZero();
        assertThat(g.ratelimitUs).isEqualTo(1000);

        g.ratelimitUs = 99;
        assertThat(s.putGlobalParams(g, 0)).isEqualTo(EINVAL);
        g.ratelimitUs = 500_001;
        assertThat(s.putGlobalParams(g, 0)).isEqualTo(EINVAL);
        g.ratelimitUs = -1;
        assertThat(s.putGlobalParams(g, 0)).isEqualTo(EINVAL);
        assertThat(s.getGlobalParams(g.clear())).isZero();
        assertThat(g.ratelimitUs).isEqualTo(1000);

        g.ratelimitUs = 100;
        assertThat(s.putGlobalParams(g, 0)).isZero();
        g.ratelimitUs = 0;
        assertThat(s.putGlobalParams(g, 0)).as("0 disables, as in Xen").isZero();
        assertThat(s.getGlobalParams(g.clear())).isZero();
        assertThat(g.ratelimitUs).isZero();
        assertThat(s.getVcpuParams(h.domain(1, 1, 0).vcpu(0), new SchedParams()))
                .isEqualTo(EINVAL);
    }

    @Test
    void badBootOptionsAreRefusedByName() {
        String[] bad = {
            "credit2_runqueue=rack",
            "sched_ratelimit_us=99",
            "sched_ratelimit_us=600000",
            "credit2_cap_period_ms=0",
            "sched_credit2_max_cpus_runqueue=0",
            "sched_credit2_migrate_resist=-1",
            "sched_credit2_migrate_resist=lots",
        };
        for (String option : bad) {
            String name = option.substring(0, option.indexOf('='));
            assertThatThrownBy(() -> FakeHost.credit2(2, option))
                    .as(option)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name);
        }
        Credit2Scheduler s = FakeHost.credit2(2, "sched_ratelimit_us=0 credit2_cap_period_ms=20")
                .credit2();
        assertThat(s.ratelimitUs).isZero();
        assertThat(s.capPeriodNs).isEqualTo(20 * MS);
        assertThat(s.migrateResistNs).isEqualTo(500_000);
    }

    @Test
    void hyperthreadsStayTogetherAndRunqueuesSplitAboveTheMaximum() {
        CpuTopology ht = new CpuTopology(2, 2, 2); // 8 pCPUs: 2 sockets x 2 cores x 2 threads
        assertThat(RunqueueArrangement.CORE.assign(ht, 16)).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
        assertThat(RunqueueArrangement.SOCKET.assign(ht, 16)).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(RunqueueArrangement.ALL.assign(ht, 16)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(RunqueueArrangement.CPU.assign(ht, 16)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        // at most 3 per runqueue: 8 / ceil(8 / 3) = 2 each, siblings together
        assertThat(RunqueueArrangement.ALL.assign(ht, 3)).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
        // 6 pCPUs, one socket, at most 4: two runqueues of 3
        assertThat(RunqueueArrangement.SOCKET.assign(CpuTopology.of(6, 1, 1), 4))
                .containsExactly(0, 0, 0, 1, 1, 1);
    }

    @Test
    void aCappedUnitRunsOnItsQuotaIsParkedWhenThePoolIsDryAndWakesAtTheRefill() {
        FakeHost h = FakeHost.credit2(1, "");
        Credit2Scheduler s = h.credit2();
        Domain d = h.domain(1, 1, 0);
        Vcpu v = d.vcpu(0);
        h.wake(v, 0);
        assertThat(s.putDomainParams(d, params(0, 25), 0)).isZero();
        Credit2Domain sdom = (Credit2Domain) d.schedPriv;
        assertThat(sdom.totBudget).isEqualTo(2_500_000);
        assertThat(h.expiry(sdom.replTimer)).isEqualTo(10 * MS);

        long slice = h.schedule(0, 0);
        assertThat(h.current[0]).isSameAs(v);
        assertThat(slice).as("at most its budget").isEqualTo(2_500_000);
        assertThat(unit(v).budget).isEqualTo(2_500_000);
        assertThat(sdom.budget).isZero();

        assertThat(h.schedule(0, 2_500_000)).isEqualTo(-1);
        assertThat(h.current[0]).as("no budget left: parked").isNull();
        assertThat(unit(v).parked).isTrue();

        h.fireTimers(10 * MS);
        assertThat(unit(v).parked).isFalse();
        assertThat(h.tickled[0]).isTrue();
        assertThat(h.expiry(sdom.replTimer)).isEqualTo(20 * MS);
        h.schedule(0, 10 * MS);
        assertThat(h.current[0]).isSameAs(v);

        // lifting the cap stops the refills and frees the unit at once
        h.schedule(0, 12_500_000);
        assertThat(unit(v).parked).isTrue();
        assertThat(s.putDomainParams(d, params(0, 0), 13 * MS)).isZero();
        assertThat(unit(v).parked).isFalse();
        assertThat(h.expiry(sdom.replTimer)).isEqualTo(-1);
        h.schedule(0, 13 * MS);
        assertThat(h.current[0]).isSameAs(v);
        // uncapped: the slice is its credit again (10 - 2.5 - 2.5 - 1 = 4 ms), not its budget
        assertThat(h.schedule(0, 14 * MS)).isEqualTo(4 * MS);
    }

    @Test
    void anOverrunIsPaidBackFromTheNextRefill() {
        FakeHost h = FakeHost.credit2(1, "");
        Credit2Scheduler s = h.credit2();
        Domain d = h.domain(1, 1, 0);
        Vcpu v = d.vcpu(0);
        h.wake(v, 0);
        assertThat(s.putDomainParams(d, params(0, 10), 0)).isZero(); // 1 ms per 10 ms
        h.schedule(0, 0);
        // it ran 3 ms instead of 1 (a late decision): 2 ms of overrun
        h.schedule(0, 3 * MS);
        Credit2Domain sdom = (Credit2Domain) d.schedPriv;
        assertThat(sdom.budget).isEqualTo(-2 * MS);
        h.fireTimers(10 * MS); // -2 + 1 = -1: still dry
        assertThat(unit(v).parked).isTrue();
        h.fireTimers(20 * MS); // 0: still dry
        assertThat(unit(v).parked).isTrue();
        h.fireTimers(30 * MS);
        assertThat(unit(v).parked).isFalse();
        assertThat(sdom.budget).isEqualTo(MS);
    }
}
