package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.ESRCH;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.Virq;

class LifecycleTest {
    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed(2, 8);
        bed.dom0(2);
        bed.domain(1, 2);
        bed.domain(2, 2);
    }

    @AfterEach
    void auditClean() {
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void installRegistersEverything() {
        assertThat(bed.evtchn.name()).isEqualTo("event-channels");
        assertThat(bed.host.hypercalls[Hypercall.event_channel_op.number]).isNotNull();
        assertThat(bed.host.hypercalls[Hypercall.event_channel_op_compat.number])
                .isNotNull();
        assertThat(bed.host.hooks).hasSize(1);
        assertThat(bed.host.audits).hasSize(1);
        assertThat(bed.host.virqSink).isNotNull();
        assertThat(bed.host.kicks).isSameAs(bed.evtchn.kicks());
        assertThat(bed.evtchn.kicks().nrRings()).isEqualTo(2);
        assertThat(bed.evtchn.kicks().ringSize()).isEqualTo(8);
    }

    @Test
    void aNewDomainHasOneBucketWithPortZeroReserved() {
        EvtchnDomain d = bed.table(1);
        assertThat(d.validPorts()).isEqualTo(EvtchnDomain.PORTS_PER_BUCKET);
        assertThat(d.state(0)).isEqualTo(EvtchnDomain.ECS_RESERVED);
        assertThat(d.ops()).isSameAs(TwoLevelPortOps.INSTANCE);
        assertThat(d.maxEvtchnPort()).isEqualTo(1023);
        assertThat(bed.status(1, SELF, 0).status()).isEqualTo(EvtchnStat.EVTCHNSTAT_closed.code);
    }

    @Test
    void killingADomainClosesItsPortsAndRevertsItsPeers() {
        int offer = bed.allocUnbound(1, SELF, 2);
        int lp = bed.bindInterdomain(2, 1, offer);
        int virq = bed.bindVirq(2, Virq.VIRQ_TIMER.code, 0);
        bed.kill(2);
        var peer = bed.status(1, SELF, offer);
        assertThat(peer.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(peer.udom()).isEqualTo(2);
        EvtchnDomain d2 = bed.table(2);
        assertThat(d2.isDying()).isTrue();
        assertThat(d2.state(lp)).isEqualTo(EvtchnDomain.ECS_FREE);
        assertThat(d2.state(virq)).isEqualTo(EvtchnDomain.ECS_FREE);
        assertThat(d2.virqPort(0, Virq.VIRQ_TIMER.code)).isZero();
        assertThat(d2.state(0)).isEqualTo(EvtchnDomain.ECS_RESERVED);
        assertThat(bed.allocUnbound(0, 2, 0)).isEqualTo(EINVAL);
        assertThat(bed.bindInterdomain(1, 2, lp)).isEqualTo(EINVAL);
        assertThat(bed.send(1, offer))
                .as("the survivor's port is merely unbound")
                .isZero();
    }

    @Test
    void killingAFifoDomainReleasesItsPages() {
        bed.host.memory.give(0x500, 2);
        assertThat(bed.initControl(2, 0x500, 0, 0)).isZero();
        bed.kill(2);
        assertThat(bed.host.memory.references(0x500)).isZero();
        assertThat(bed.table(2).ops()).isSameAs(TwoLevelPortOps.INSTANCE);
    }

    @Test
    void aDestroyedDomainIsForgottenAndItsIdReusable() {
        int offer = bed.allocUnbound(1, SELF, 2);
        bed.bindInterdomain(2, 1, offer);
        bed.kill(2);
        bed.destroy(2);
        assertThat(bed.table(2)).isNull();
        assertThat(bed.status(0, 2, 0).rc()).isEqualTo(ESRCH);
        bed.domain(2, 1);
        // the surviving port was offered to domid 2, whoever that is now (as in Xen)
        assertThat(bed.bindInterdomain(2, 1, offer)).isPositive();
    }

    @Test
    void aDomainDestroyedWithoutBeingKilledStillReleasesItsPeers() {
        int offer = bed.allocUnbound(1, SELF, 2);
        bed.bindInterdomain(2, 1, offer);
        bed.destroy(2);
        assertThat(bed.status(1, SELF, offer).status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
    }

    @Test
    void aNegativeMaxEvtchnPortIsAnUnsignedHugeValue() {
        var d = bed.create(5, 1);
        d.maxEvtchnPort = -1;
        bed.announce(5);
        assertThat(bed.table(5).maxEvtchnPort()).isEqualTo(Integer.MAX_VALUE);
        assertThat(bed.table(5).portLimit()).isEqualTo(4096);
    }
}
