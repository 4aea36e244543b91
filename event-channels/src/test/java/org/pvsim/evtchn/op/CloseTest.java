package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.testing.RecordingJournal.Entry;

class CloseTest {
    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.dom0(2);
        bed.domain(1, 2);
        bed.domain(2, 2);
    }

    @AfterEach
    void auditClean() {
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void closingAFreeReservedOrInvalidPortIsEinval() {
        assertThat(bed.close(1, 0)).isEqualTo(EINVAL);
        assertThat(bed.close(1, 3)).isEqualTo(EINVAL);
        assertThat(bed.close(1, 64)).isEqualTo(EINVAL);
        assertThat(bed.close(1, -1)).isEqualTo(EINVAL);
        assertThat(bed.table(1).state(0)).isEqualTo(EvtchnDomain.ECS_RESERVED);
    }

    @Test
    void closingAnUnboundPortFreesIt() {
        int p = bed.allocUnbound(1, SELF, 2);
        assertThat(bed.close(1, p)).isZero();
        assertThat(bed.status(1, SELF, p).status()).isEqualTo(EvtchnStat.EVTCHNSTAT_closed.code);
        assertThat(bed.close(1, p)).isEqualTo(EINVAL);
        assertThat(bed.allocUnbound(1, SELF, 2)).as("reused at once").isEqualTo(p);
    }

    @Test
    void closingOneEndRevertsThePeerToUnboundOfferedToTheCloser() {
        int rp = bed.allocUnbound(1, SELF, 2);
        int lp = bed.bindInterdomain(2, 1, rp);
        assertThat(bed.close(2, lp)).isZero();
        var peer = bed.status(1, SELF, rp);
        assertThat(peer.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(peer.udom()).isEqualTo(2);
        assertThat(bed.status(2, SELF, lp).status()).isEqualTo(EvtchnStat.EVTCHNSTAT_closed.code);
        assertThat(bed.host.journal.evtchnEntries)
                .containsSubsequence(
                        new Entry(EvtchnEvent.CLOSE, 2, 0, lp, EvtchnStat.EVTCHNSTAT_interdomain.code),
                        new Entry(EvtchnEvent.CLEAR_PENDING, 2, -1, lp, 0),
                        new Entry(EvtchnEvent.BIND, 1, 0, rp, EvtchnStat.EVTCHNSTAT_unbound.code));
        // the closer may bind the surviving end again
        assertThat(bed.bindInterdomain(2, 1, rp)).isPositive();
    }

    @Test
    void closingTheOfferingEndRevertsThePeerToo() {
        int rp = bed.allocUnbound(1, SELF, 2);
        int lp = bed.bindInterdomain(2, 1, rp);
        assertThat(bed.close(1, rp)).isZero();
        var peer = bed.status(2, SELF, lp);
        assertThat(peer.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(peer.udom()).isEqualTo(1);
    }

    @Test
    void closingALoopbackChannelRevertsTheOtherEnd() {
        int a = bed.allocUnbound(1, SELF, SELF);
        int b = bed.bindInterdomain(1, SELF, a);
        assertThat(bed.close(1, a)).isZero();
        assertThat(bed.status(1, SELF, b).status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(bed.status(1, SELF, b).udom()).isEqualTo(1);
    }

    @Test
    void theFreedPortLosesItsPendingStateNotifyVcpuAndPriority() {
        int rp = bed.allocUnbound(1, SELF, 2);
        int lp = bed.bindInterdomain(2, 1, rp);
        assertThat(bed.bindVcpu(2, lp, 1)).isZero();
        bed.table(2).setPriority(lp, 3);
        assertThat(bed.pending(2, lp)).isTrue();
        assertThat(bed.close(2, lp)).isZero();
        EvtchnDomain d = bed.table(2);
        assertThat(bed.pending(2, lp)).isFalse();
        assertThat(d.notifyVcpu(lp)).isZero();
        assertThat(d.priority(lp)).isEqualTo(EvtchnDomain.DEFAULT_PRIORITY);
        assertThat(d.state(lp)).isEqualTo(EvtchnDomain.ECS_FREE);
    }

    @Test
    void closingAVirqPortLetsTheVirqBeBoundAgain() {
        int t = bed.bindVirq(1, Virq.VIRQ_TIMER.code, 1);
        assertThat(bed.close(1, t)).isZero();
        assertThat(bed.table(1).virqPort(1, Virq.VIRQ_TIMER.code)).isZero();
        assertThat(bed.bindVirq(1, Virq.VIRQ_TIMER.code, 1)).isEqualTo(t);
        int g = bed.bindVirq(0, Virq.VIRQ_DOM_EXC.code, 0);
        assertThat(bed.bindVcpu(0, g, 1)).isZero();
        assertThat(bed.close(0, g)).isZero();
        assertThat(bed.table(0).virqPort(0, Virq.VIRQ_DOM_EXC.code)).isZero();
    }

    @Test
    void closingAnIpiPortFreesIt() {
        int p = bed.bindIpi(1, 1);
        assertThat(bed.send(1, p)).isZero();
        assertThat(bed.close(1, p)).isZero();
        assertThat(bed.pending(1, p)).isFalse();
        assertThat(bed.send(1, p)).isEqualTo(EINVAL);
    }
}
