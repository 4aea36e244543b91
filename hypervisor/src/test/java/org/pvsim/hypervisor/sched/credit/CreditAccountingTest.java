package org.pvsim.hypervisor.sched.credit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;

/** {@code csched_acct} and {@code burn_credits} arithmetic, driven by hand on a {@link FakeHost}. */
class CreditAccountingTest {
    private static final long MS = 1_000_000L;

    private static CreditUnit unit(Vcpu v) {
        return (CreditUnit) v.schedPriv;
    }

    @Test
    void burnCreditsChargesTenPerMsAndKeepsTheRemainderExactly() {
        CreditUnit svc = new CreditUnit(null, null);
        svc.burn(150_000);
        assertThat(svc.credit).isEqualTo(-1);
        assertThat(svc.startTime).isEqualTo(100_000);
        svc.burn(250_000);
        assertThat(svc.credit).isEqualTo(-2);
        assertThat(svc.startTime).isEqualTo(200_000);
        svc.burn(10 * MS);
        assertThat(svc.credit).isEqualTo(-100);
        assertThat(svc.startTime).isEqualTo(10 * MS);
        // however a run is cut, it is charged floor(time x 10 / ms)
        CreditUnit cut = new CreditUnit(null, null);
        long t = 0;
        for (int i = 1; i <= 1000; i++) {
            t += 1_234 + (i * 7_919L) % 50_000;
            cut.burn(t);
        }
        assertThat(cut.credit).isEqualTo(-(int) (t * 10 / MS));
        assertThat(t - cut.startTime).isBetween(0L, 99_999L);
    }

    @Test
    void creditIsSharedByWeightAmongActiveDomains() {
        FakeHost h = new FakeHost(1);
        Domain d1 = h.domain(1, 1);
        Domain d2 = h.domain(2, 1);
        CreditAccounting acct = h.policy.accounting();
        acct.setWeight(unit(d1.vcpu(0)).sdom, 512);
        acct.start(unit(d1.vcpu(0)), 0);
        acct.start(unit(d2.vcpu(0)), 0);
        assertThat(acct.weight).isEqualTo(768);
        acct.account(0);
        // 300 credits per timeslice for one pCPU, 2:1
        assertThat(unit(d1.vcpu(0)).credit).isEqualTo(200);
        assertThat(unit(d2.vcpu(0)).credit).isEqualTo(100);
        assertThat(unit(d1.vcpu(0)).pri).isEqualTo(CreditUnit.PRI_TS_UNDER);
        assertThat(acct.creditBalance).isEqualTo(300);
        // a weight change of an active domain keeps the total weight right
        acct.setWeight(unit(d2.vcpu(0)).sdom, 1024);
        assertThat(acct.weight).isEqualTo(512 + 1024);
    }

    @Test
    void aDomainsShareIsSplitAmongItsActiveVcpus() {
        FakeHost h = new FakeHost(2);
        Domain d1 = h.domain(1, 3);
        Domain d2 = h.domain(2, 1);
        CreditAccounting acct = h.policy.accounting();
        for (int i = 0; i < 3; i++) {
            acct.start(unit(d1.vcpu(i)), 0);
        }
        acct.start(unit(d2.vcpu(0)), 0);
        acct.account(0);
        // 600 credits: d1 has 3 active vCPUs at weight 256, d2 one: 450 and 150; a vCPU can use at most 300
        for (int i = 0; i < 3; i++) {
            assertThat(unit(d1.vcpu(i)).credit).isEqualTo(150);
        }
        assertThat(unit(d2.vcpu(0)).credit).isEqualTo(150);
    }

    @Test
    void whatADomainCannotUseGoesToTheOthers() {
        FakeHost h = new FakeHost(2);
        Domain small = h.domain(1, 1);
        Domain big = h.domain(2, 2);
        CreditAccounting acct = h.policy.accounting();
        acct.setWeight(unit(small.vcpu(0)).sdom, 2048);
        acct.start(unit(big.vcpu(0)), 0);
        acct.start(unit(big.vcpu(1)), 0);
        acct.start(unit(small.vcpu(0)), 0); // newest first: accounted first
        acct.account(0);
        // small's fair share (600 x 2048 / 2560 = 480) exceeds what one vCPU can burn (300): the rest goes to big
        assertThat(unit(small.vcpu(0)).credit).isEqualTo(300);
        assertThat(unit(big.vcpu(0)).credit).isEqualTo(150);
        assertThat(unit(big.vcpu(1)).credit).isEqualTo(150);
    }

    @Test
    void aCappedVcpuDeepInDebtIsParkedAndUnparkedWhenItsCreditIsBack() {
        FakeHost h = new FakeHost(1);
        Domain d = h.domain(1, 1);
        Vcpu v = d.vcpu(0);
        h.wake(v);
        CreditAccounting acct = h.policy.accounting();
        unit(v).sdom.cap = 25;
        acct.start(unit(v), 0);
        unit(v).credit = -200;
        acct.account(0);
        // cap 25% of 300 = 75 per timeslice: -200 + 75 = -125 < -75: parked, i.e. paused
        assertThat(unit(v).credit).isEqualTo(-125);
        assertThat(unit(v).pri).isEqualTo(CreditUnit.PRI_TS_OVER);
        assertThat(unit(v).parked).isTrue();
        assertThat(v.pauseCount()).isEqualTo(1);
        assertThat(unit(v).onRunq).isFalse();
        acct.account(0);
        assertThat(unit(v).credit).isEqualTo(-50);
        assertThat(v.pauseCount()).isEqualTo(1);
        acct.account(0);
        // credit back to >= 0: unparked, UNDER, and queued again without a boost
        assertThat(unit(v).credit).isEqualTo(25);
        assertThat(unit(v).parked).isFalse();
        assertThat(v.pauseCount()).isZero();
        assertThat(unit(v).onRunq).isTrue();
        assertThat(unit(v).pri).isEqualTo(CreditUnit.PRI_TS_UNDER);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_BOOST_START)).isEmpty();
    }

    @Test
    void creditIsFlooredAtMinusOneTimesliceAndHalvedAboveOne() {
        FakeHost h = new FakeHost(1);
        Domain d1 = h.domain(1, 1);
        Domain d2 = h.domain(2, 1);
        CreditAccounting acct = h.policy.accounting();
        acct.start(unit(d1.vcpu(0)), 0);
        acct.start(unit(d2.vcpu(0)), 0);
        unit(d1.vcpu(0)).credit = -1000;
        unit(d2.vcpu(0)).credit = 250;
        acct.account(0);
        // each gets 150: -850 is floored at -300; 400 > 300 leaves the active list with 200
        assertThat(unit(d1.vcpu(0)).credit).isEqualTo(-300);
        assertThat(unit(d2.vcpu(0)).credit).isEqualTo(200);
        assertThat(unit(d2.vcpu(0)).active).isFalse();
        assertThat(acct.weight).isEqualTo(256);
        assertThat(h.traces(TraceEvent.TRC_CSCHED_ACCOUNT_STOP)).hasSize(1);
        // the balance is negative: the next accounting hands out more than 300 to pay it back
        assertThat(acct.creditBalance).isEqualTo(-100);
        acct.account(0);
        assertThat(unit(d1.vcpu(0)).credit).isEqualTo(-300 + 300 + 100);
    }

    @Test
    void theAccountingTimerRunsEveryTimesliceAndStartsANewSortEpoch() {
        FakeHost h = new FakeHost(1);
        Domain d = h.domain(1, 1);
        h.policy.accounting().start(unit(d.vcpu(0)), 0);
        long epoch = h.policy.accounting().runqSort;
        h.advance(30 * MS - 1);
        assertThat(h.policy.accounting().runqSort).isEqualTo(epoch);
        h.advance(30 * MS);
        assertThat(h.policy.accounting().runqSort).isEqualTo(epoch + 1);
        assertThat(unit(d.vcpu(0)).credit).isEqualTo(300);
        h.advance(60 * MS);
        // 600 > 300: it is not using its share (it never ran), so it leaves the active list with half
        assertThat(h.policy.accounting().runqSort).isEqualTo(epoch + 2);
        assertThat(unit(d.vcpu(0)).credit).isEqualTo(300);
        assertThat(unit(d.vcpu(0)).active).isFalse();
        // with no active vCPU an accounting does nothing (acct_no_work), not even a new epoch
        h.advance(90 * MS);
        assertThat(h.policy.accounting().runqSort).isEqualTo(epoch + 2);
    }
}
