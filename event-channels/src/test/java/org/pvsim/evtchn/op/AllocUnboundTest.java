package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.ENOSPC;
import static org.pvsim.evtchn.testing.Rc.EPERM;
import static org.pvsim.evtchn.testing.Rc.ESRCH;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.spi.EvtchnEvent;

class AllocUnboundTest {
    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.dom0(2);
        bed.domain(1, 2);
        bed.domain(2, 1);
    }

    @AfterEach
    void auditClean() {
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void allocatesTheLowestFreePortUnboundForTheRemoteDomain() {
        int p = bed.allocUnbound(1, SELF, 2);
        assertThat(p).isEqualTo(1);
        var st = bed.status(1, SELF, p);
        assertThat(st.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(st.udom()).isEqualTo(2);
        assertThat(st.vcpu()).isZero();
        assertThat(bed.allocUnbound(1, SELF, 2)).isEqualTo(2);
        assertThat(bed.host.journal.evtchnEntries)
                .contains(new org.pvsim.hypervisor.spi.testing.RecordingJournal.Entry(
                        EvtchnEvent.BIND, 1, 0, 1, EvtchnStat.EVTCHNSTAT_unbound.code));
    }

    @Test
    void anUnprivilegedCallerMayNameItselfById() {
        assertThat(bed.allocUnbound(1, 1, 2)).isEqualTo(1);
    }

    @Test
    void remoteDomidSelfMeansTheCaller() {
        int p = bed.allocUnbound(1, SELF, SELF);
        assertThat(bed.status(1, SELF, p).udom()).isEqualTo(1);
    }

    @Test
    void remoteDomIsNotChecked() {
        int p = bed.allocUnbound(1, SELF, DomId.DOMID_ANY);
        assertThat(p).isPositive();
        assertThat(bed.status(1, SELF, p).udom()).isEqualTo(DomId.DOMID_ANY);
    }

    @Test
    void thePrivilegedDomainAllocatesInAnotherDomain() {
        int p = bed.allocUnbound(0, 2, 0);
        assertThat(p).isEqualTo(1);
        assertThat(bed.table(2).state(1)).isEqualTo(EvtchnDomain.ECS_UNBOUND);
        assertThat(bed.table(0).state(1)).isEqualTo(EvtchnDomain.ECS_FREE);
    }

    @Test
    void anUnprivilegedCallerNamingAnotherDomainGetsEperm() {
        assertThat(bed.allocUnbound(1, 2, 1)).isEqualTo(EPERM);
        assertThat(bed.table(2).state(1)).isEqualTo(EvtchnDomain.ECS_FREE);
    }

    @Test
    void anUnknownDomainIsEsrchEvenForAnUnprivilegedCaller() {
        assertThat(bed.allocUnbound(1, 77, 1)).isEqualTo(ESRCH);
        assertThat(bed.allocUnbound(0, 77, 1)).isEqualTo(ESRCH);
        assertThat(bed.allocUnbound(0, DomId.DOMID_IDLE, 1)).isEqualTo(ESRCH);
    }

    @Test
    void aFullTableIsEnospc() {
        bed.create(3, 1).maxEvtchnPort = 2;
        bed.announce(3);
        assertThat(bed.allocUnbound(3, SELF, 0)).isEqualTo(1);
        assertThat(bed.allocUnbound(3, SELF, 0)).isEqualTo(2);
        assertThat(bed.allocUnbound(3, SELF, 0)).isEqualTo(ENOSPC);
    }

    @Test
    void allocationComesBeforeTheXsmCheckAsInXen() {
        var d3 = bed.create(3, 1);
        d3.maxEvtchnPort = 0;
        bed.announce(3);
        // Xen allocates first, then asks XSM: a full table answers -ENOSPC even to a caller XSM would refuse
        assertThat(bed.allocUnbound(1, 3, 1)).isEqualTo(ENOSPC);
    }

    @Test
    void aDyingDomainAllocatesNothing() {
        bed.kill(2);
        assertThat(bed.allocUnbound(0, 2, 0)).isEqualTo(EINVAL);
        assertThat(bed.allocUnbound(2, SELF, 0)).isEqualTo(EINVAL);
    }
}
