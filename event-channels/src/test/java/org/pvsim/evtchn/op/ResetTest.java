package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EBUSY;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.EPERM;
import static org.pvsim.evtchn.testing.Rc.ESRCH;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.abi.EvtchnResetDescriptor;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.fifo.FifoPortOps;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.testing.RecordingJournal.Entry;

class ResetTest {
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

    private int[] populate(int domid, int peer) {
        int unbound = bed.allocUnbound(domid, SELF, peer);
        int ipi = bed.bindIpi(domid, 0);
        int virq = bed.bindVirq(domid, Virq.VIRQ_TIMER.code, 1);
        int offer = bed.allocUnbound(peer, SELF, domid);
        int inter = bed.bindInterdomain(domid, peer, offer);
        return new int[] {unbound, ipi, virq, inter, offer};
    }

    @Test
    void aDomainResetsItselfClosingEveryPort() {
        int[] p = populate(1, 2);
        assertThat(bed.reset(1, SELF)).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(bed.status(1, SELF, p[i]).status()).isEqualTo(EvtchnStat.EVTCHNSTAT_closed.code);
        }
        assertThat(bed.table(1).state(0)).isEqualTo(EvtchnDomain.ECS_RESERVED);
        var peer = bed.status(2, SELF, p[4]);
        assertThat(peer.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(peer.udom()).isEqualTo(1);
        assertThat(bed.bindVirq(1, Virq.VIRQ_TIMER.code, 1))
                .as("the VIRQ is free again")
                .isPositive();
    }

    @Test
    void resettingAnotherDomainNeedsPrivilege() {
        populate(2, 1);
        assertThat(bed.reset(1, 2)).isEqualTo(EPERM);
        assertThat(bed.table(2).state(1)).isEqualTo(EvtchnDomain.ECS_UNBOUND);
    }

    @Test
    void anUnknownDomainIsEsrch() {
        assertThat(bed.reset(0, 99)).isEqualTo(ESRCH);
        assertThat(bed.reset(1, 99)).isEqualTo(ESRCH);
    }

    @Test
    void theTargetMustBePausedByTheController() {
        populate(2, 1);
        assertThat(bed.reset(0, 2)).isEqualTo(EINVAL);
        assertThat(bed.table(2).state(1)).isEqualTo(EvtchnDomain.ECS_UNBOUND);
        bed.host.domains.get(2).controllerPauseCount = 1;
        assertThat(bed.reset(0, 2)).isZero();
        assertThat(bed.table(2).state(1)).isEqualTo(EvtchnDomain.ECS_FREE);
    }

    @Test
    void resetContWithNoResetInProgressIsEbusy() {
        byte[] s = new byte[EvtchnResetDescriptor.SIZE];
        LittleEndian.putU16(s, EvtchnResetDescriptor.DOM_OFFSET, SELF);
        populate(1, 2);
        assertThat(bed.op(1, EventChannelOp.EVTCHNOP_reset_cont, s)).isEqualTo(EBUSY);
        assertThat(bed.table(1).state(1)).isEqualTo(EvtchnDomain.ECS_UNBOUND);
        LittleEndian.putU16(s, EvtchnResetDescriptor.DOM_OFFSET, 2);
        assertThat(bed.op(0, EventChannelOp.EVTCHNOP_reset_cont, s))
                .as("the pause check first")
                .isEqualTo(EINVAL);
        assertThat(bed.op(1, EventChannelOp.EVTCHNOP_reset_cont, s)).isEqualTo(EPERM);
    }

    @Test
    void resetPutsAFifoDomainBackOnTwoLevelAndReleasesItsPages() {
        bed.host.memory.give(0x9000, 1);
        assertThat(bed.initControl(1, 0x9000, 0, 0)).isZero();
        assertThat(bed.table(1).ops()).isInstanceOf(FifoPortOps.class);
        assertThat(bed.host.memory.references(0x9000)).isEqualTo(1);
        int p = bed.bindIpi(1, 0);
        assertThat(bed.reset(1, SELF)).isZero();
        assertThat(bed.table(1).ops()).isSameAs(TwoLevelPortOps.INSTANCE);
        assertThat(bed.host.memory.references(0x9000)).isZero();
        assertThat(bed.table(1).state(p)).isEqualTo(EvtchnDomain.ECS_FREE);
        assertThat(bed.host.journal.evtchnEntries).contains(new Entry(EvtchnEvent.ABI, 1, -1, -1, 0));
    }
}
