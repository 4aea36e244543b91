package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.EvtchnEvent;

class VirqSinkTest {
    static final int TIMER = Virq.VIRQ_TIMER.code;
    static final int DOM_EXC = Virq.VIRQ_DOM_EXC.code;

    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.dom0(2);
        bed.domain(1, 2);
    }

    @AfterEach
    void auditClean() {
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void aPerVcpuVirqGoesToThePortBoundOnThatVcpu() {
        int p = bed.bindVirq(1, TIMER, 1);
        bed.host.journal.evtchnEntries.clear();
        bed.raiseVirq(1, 0, TIMER);
        assertThat(bed.pending(1, p)).as("not bound on vCPU 0").isFalse();
        assertThat(bed.host.journal.evtchnEntries).isEmpty();
        bed.raiseVirq(1, 1, TIMER);
        assertThat(bed.pending(1, p)).isTrue();
        assertThat(bed.upcallPending(1, 1)).isTrue();
        assertThat(bed.host.journal.evtchnEntries)
                .extracting(e -> e.event())
                .containsExactly(EvtchnEvent.SET_PENDING, EvtchnEvent.UPCALL_PENDING);
    }

    @Test
    void anUnboundVirqDoesNothing() {
        bed.raiseVirq(1, 0, TIMER);
        bed.raiseVirq(0, 0, DOM_EXC);
        bed.raiseVirq(1, 0, Virq.VIRQ_ARGO.code);
        assertThat(bed.host.journal.evtchnEntries).isEmpty();
        assertThat(bed.host.vcpus.calls).isEmpty();
    }

    @Test
    void aGlobalVirqGoesToTheHardwareDomainOnItsPortsNotifyVcpu() {
        int p = bed.bindVirq(0, DOM_EXC, 0);
        assertThat(bed.bindVcpu(0, p, 1)).isZero();
        bed.raiseVirq(0, 0, DOM_EXC);
        assertThat(bed.pending(0, p)).isTrue();
        assertThat(bed.upcallPending(0, 1)).isTrue();
        assertThat(bed.upcallPending(0, 0)).isFalse();
    }

    @Test
    void aGlobalVirqRaisedForAnotherDomainIsIgnored() {
        bed.table(1).setVirqPort(0, DOM_EXC, 0);
        bed.raiseVirq(1, 0, DOM_EXC);
        assertThat(bed.host.journal.evtchnEntries).isEmpty();
    }

    @Test
    void aPerDomainVirqGoesToItsPortsNotifyVcpu() {
        int p = bed.bindVirq(1, Virq.VIRQ_ARGO.code, 0);
        assertThat(bed.bindVcpu(1, p, 1)).isZero();
        bed.raiseVirq(1, 0, Virq.VIRQ_ARGO.code);
        assertThat(bed.pending(1, p)).isTrue();
        assertThat(bed.upcallPending(1, 1)).isTrue();
    }

    @Test
    void nonsenseIsIgnored() {
        bed.bindVirq(1, TIMER, 0);
        bed.host.journal.evtchnEntries.clear();
        bed.raiseVirq(1, 5, TIMER);
        bed.raiseVirq(1, -1, TIMER);
        bed.raiseVirq(1, 0, -1);
        bed.raiseVirq(1, 0, Virq.NR_VIRQS);
        bed.raiseVirq(9, 0, TIMER);
        bed.raiseVirq(-1, 0, TIMER);
        bed.raiseVirq(0x7FF0, 0, TIMER);
        assertThat(bed.host.journal.evtchnEntries).isEmpty();
    }

    @Test
    void aMaskedVirqPortIsPendingWithoutAnUpcall() {
        int p = bed.bindVirq(1, TIMER, 0);
        bed.guestMask(1, p, true);
        bed.raiseVirq(1, 0, TIMER);
        assertThat(bed.pending(1, p)).isTrue();
        assertThat(bed.upcallPending(1, 0)).isFalse();
    }
}
