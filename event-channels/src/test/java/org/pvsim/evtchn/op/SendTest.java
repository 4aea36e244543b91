package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.testing.RecordingJournal.Entry;

class SendTest {
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
    void sendOnAnInterdomainPortSetsThePeerPendingOnItsNotifyVcpu() {
        int rp = bed.allocUnbound(1, SELF, 2);
        assertThat(bed.bindVcpu(1, rp, 1)).isZero();
        int lp = bed.bindInterdomain(2, 1, rp);
        bed.host.journal.evtchnEntries.clear();
        assertThat(bed.send(2, 1, lp)).isZero();
        assertThat(bed.pending(1, rp)).isTrue();
        assertThat(bed.pendingSel(1, 1)).isEqualTo(1L);
        assertThat(bed.upcallPending(1, 1)).isTrue();
        assertThat(bed.upcallPending(1, 0)).isFalse();
        assertThat(bed.host.journal.evtchnEntries)
                .containsExactly(
                        new Entry(EvtchnEvent.SEND, 2, 1, lp, (1L << 32) | rp),
                        new Entry(EvtchnEvent.SET_PENDING, 1, 1, rp, 1),
                        new Entry(EvtchnEvent.UPCALL_PENDING, 1, 1, -1, 0));
    }

    @Test
    void sendOnAnIpiPortSetsItselfPendingOnItsVcpu() {
        int p = bed.bindIpi(1, 1);
        assertThat(bed.send(1, 0, p)).isZero();
        assertThat(bed.pending(1, p)).isTrue();
        assertThat(bed.upcallPending(1, 1)).isTrue();
        assertThat(bed.host.journal.evtchnEntries).contains(new Entry(EvtchnEvent.SEND, 1, 0, p, (1L << 32) | p));
    }

    @Test
    void sendOnAnUnboundPortIsDroppedSilently() {
        int p = bed.allocUnbound(1, SELF, 2);
        bed.host.journal.evtchnEntries.clear();
        assertThat(bed.send(1, p)).isZero();
        assertThat(bed.pending(1, p)).isFalse();
        assertThat(bed.upcallPending(1, 0)).isFalse();
        assertThat(bed.host.journal.evtchnEntries).containsExactly(new Entry(EvtchnEvent.SEND, 1, 0, p, -1));
    }

    @Test
    void sendOnAnythingElseIsEinval() {
        int virq = bed.bindVirq(1, Virq.VIRQ_TIMER.code, 0);
        assertThat(bed.send(1, virq)).isEqualTo(EINVAL);
        assertThat(bed.send(1, 0)).isEqualTo(EINVAL);
        assertThat(bed.send(1, 7)).isEqualTo(EINVAL);
        assertThat(bed.send(1, 64)).isEqualTo(EINVAL);
        assertThat(bed.send(1, -1)).isEqualTo(EINVAL);
        assertThat(bed.pending(1, virq)).isFalse();
    }

    @Test
    void sendOnAnotherDomainsPortNumberActsOnTheCallersOwnPort() {
        int rp = bed.allocUnbound(1, SELF, 2);
        bed.bindInterdomain(2, 1, rp);
        // port rp of d0 is free: the caller's own table is the one looked up
        assertThat(bed.send(0, rp)).isEqualTo(EINVAL);
    }
}
