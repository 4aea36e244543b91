package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.ENOSPC;
import static org.pvsim.evtchn.testing.Rc.ESRCH;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.testing.RecordingJournal.Entry;

class BindInterdomainTest {
    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.dom0(2);
        bed.domain(1, 2);
        bed.domain(2, 2);
        bed.domain(3, 1);
    }

    @AfterEach
    void auditClean() {
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void connectsBothEndsSymmetrically() {
        int rp = bed.allocUnbound(1, SELF, 2);
        bed.allocUnbound(2, SELF, 0); // so the local port is not 1
        int lp = bed.bindInterdomain(2, 1, rp);
        assertThat(lp).isEqualTo(2);
        var local = bed.status(2, SELF, lp);
        assertThat(local.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_interdomain.code);
        assertThat(local.udom()).isEqualTo(1);
        assertThat(local.uport()).isEqualTo(rp);
        var remote = bed.status(1, SELF, rp);
        assertThat(remote.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_interdomain.code);
        assertThat(remote.udom()).isEqualTo(2);
        assertThat(remote.uport()).isEqualTo(lp);
    }

    @Test
    void theNewLocalPortIsAlwaysSetPending() {
        int rp = bed.allocUnbound(1, SELF, 2);
        int lp = bed.bindInterdomain(2, 1, rp);
        assertThat(bed.pending(2, lp)).isTrue();
        assertThat(bed.pending(1, rp)).isFalse();
        assertThat(bed.upcallPending(2, 0)).isTrue();
        assertThat(bed.pendingSel(2, 0)).isEqualTo(1L);
        assertThat(bed.host.journal.evtchnEntries).contains(new Entry(EvtchnEvent.SET_PENDING, 2, 0, lp, 1));
    }

    @Test
    void theLocalPortIsSetPendingEvenWhenMaskedButRaisesNoUpcall() {
        int rp = bed.allocUnbound(1, SELF, 2);
        bed.guestMask(2, 1, true);
        int lp = bed.bindInterdomain(2, 1, rp);
        assertThat(lp).isEqualTo(1);
        assertThat(bed.pending(2, lp)).isTrue();
        assertThat(bed.upcallPending(2, 0)).isFalse();
    }

    @Test
    void loopbackToTheCallersOwnPortIsAllowed() {
        int rp = bed.allocUnbound(1, SELF, SELF);
        int lp = bed.bindInterdomain(1, SELF, rp);
        assertThat(lp).isNotEqualTo(rp).isPositive();
        assertThat(bed.status(1, SELF, rp).uport()).isEqualTo(lp);
        assertThat(bed.status(1, SELF, lp).uport()).isEqualTo(rp);
        assertThat(bed.send(1, rp)).isZero();
        assertThat(bed.pending(1, lp)).isTrue();
    }

    @Test
    void anUnknownRemoteDomainIsEsrch() {
        assertThat(bed.bindInterdomain(1, 9, 1)).isEqualTo(ESRCH);
    }

    @Test
    void aRemotePortThatIsNotValidIsEinval() {
        assertThat(bed.bindInterdomain(2, 1, 64)).isEqualTo(EINVAL);
        assertThat(bed.bindInterdomain(2, 1, 1 << 17)).isEqualTo(EINVAL);
        assertThat(bed.bindInterdomain(2, 1, -1)).isEqualTo(EINVAL);
    }

    @Test
    void aRemotePortThatIsNotUnboundIsEinval() {
        assertThat(bed.bindInterdomain(2, 1, 0)).as("reserved").isEqualTo(EINVAL);
        assertThat(bed.bindInterdomain(2, 1, 5)).as("free").isEqualTo(EINVAL);
        int ipi = bed.bindIpi(1, 0);
        assertThat(bed.bindInterdomain(2, 1, ipi)).as("ipi").isEqualTo(EINVAL);
        int rp = bed.allocUnbound(1, SELF, 2);
        assertThat(bed.bindInterdomain(2, 1, rp)).isPositive();
        assertThat(bed.bindInterdomain(2, 1, rp)).as("already interdomain").isEqualTo(EINVAL);
    }

    @Test
    void aPortOfferedToAnotherDomainIsEinval() {
        int rp = bed.allocUnbound(1, SELF, 3);
        assertThat(bed.bindInterdomain(2, 1, rp)).isEqualTo(EINVAL);
        assertThat(bed.bindInterdomain(0, 1, rp)).as("not even for dom0").isEqualTo(EINVAL);
        assertThat(bed.status(2, SELF, 1).status()).as("nothing left allocated").isZero();
        assertThat(bed.bindInterdomain(3, 1, rp)).isPositive();
    }

    @Test
    void aFullLocalTableIsEnospcBeforeTheRemotePortIsLookedAt() {
        var d = bed.create(4, 1);
        d.maxEvtchnPort = 0;
        bed.announce(4);
        assertThat(bed.bindInterdomain(4, 1, 99)).isEqualTo(ENOSPC);
    }

    @Test
    void bothEndsAreReportedBound() {
        int rp = bed.allocUnbound(1, SELF, 2);
        int lp = bed.bindInterdomain(2, 1, rp);
        assertThat(bed.host.journal.evtchnEntries)
                .contains(
                        new Entry(EvtchnEvent.BIND, 2, 0, lp, EvtchnStat.EVTCHNSTAT_interdomain.code),
                        new Entry(EvtchnEvent.BIND, 1, 0, rp, EvtchnStat.EVTCHNSTAT_interdomain.code));
    }
}
