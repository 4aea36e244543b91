package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Virq;

/** The auditor finds each kind of broken I11/I12 state (made here by writing the port table directly). */
class EvtchnAuditTest {
    EvtchnTestBed bed;
    int offer;
    int local;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.dom0(2);
        bed.domain(1, 2);
        bed.domain(2, 2);
        offer = bed.allocUnbound(1, SELF, 2);
        local = bed.bindInterdomain(2, 1, offer);
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void anInterdomainPortWhosePeerDoesNotPointBack() {
        bed.table(1).setRemotePort(offer, local + 1);
        assertThat(bed.audit()).anySatisfy(v -> assertThat(v).startsWith("I11").contains("not linked back"));
    }

    @Test
    void anInterdomainPortWhosePeerIsUnbound() {
        bed.table(1).setState(offer, EvtchnDomain.ECS_UNBOUND);
        bed.table(1).setRemotePort(offer, 0);
        assertThat(bed.audit())
                .anySatisfy(v -> assertThat(v).contains("d2 port " + local).contains("not linked"));
    }

    @Test
    void anInterdomainPortWhosePeerDomainIsGone() {
        bed.table(2).setRemoteDomid(local, 7);
        assertThat(bed.audit()).anySatisfy(v -> assertThat(v).contains("peer d7 does not exist"));
    }

    @Test
    void aVirqPortMissingFromTheVirqTableAndAStaleTableEntry() {
        int p = bed.bindVirq(1, Virq.VIRQ_TIMER.code, 1);
        bed.table(1).setVirqPort(1, Virq.VIRQ_TIMER.code, 0);
        bed.table(1).setVirqPort(0, Virq.VIRQ_DEBUG.code, offer);
        assertThat(bed.audit())
                .anySatisfy(v -> assertThat(v).contains("port " + p).contains("not recorded"))
                .anySatisfy(v -> assertThat(v).contains("virq_to_evtchn[1] = " + offer));
    }

    @Test
    void aGlobalVirqOutsideTheHardwareDomain() {
        EvtchnDomain d = bed.table(1);
        int p = d.getFreePort();
        d.setState(p, EvtchnDomain.ECS_VIRQ);
        d.setIrq(p, Virq.VIRQ_DOM_EXC.code);
        d.setVirqPort(0, Virq.VIRQ_DOM_EXC.code, p);
        assertThat(bed.audit()).anySatisfy(v -> assertThat(v).contains("outside its handler"));
    }

    @Test
    void aFreePortWithLeftoverFieldsAndAReservedPortOtherThanZero() {
        bed.table(1).setNotifyVcpu(9, 1);
        bed.table(1).setState(10, EvtchnDomain.ECS_RESERVED);
        assertThat(bed.audit())
                .anySatisfy(v -> assertThat(v).contains("port 9: free but keeps"))
                .anySatisfy(v -> assertThat(v).contains("port 10: reserved"));
    }

    @Test
    void portZeroNotReserved() {
        bed.table(1).setState(0, EvtchnDomain.ECS_FREE);
        assertThat(bed.audit()).anySatisfy(v -> assertThat(v).startsWith("I12").contains("port 0"));
    }

    @Test
    void aPortInUseBeyondTheLimit() {
        var d = bed.create(3, 1);
        d.maxEvtchnPort = 5;
        bed.announce(3);
        bed.table(3).setState(6, EvtchnDomain.ECS_IPI);
        assertThat(bed.audit()).anySatisfy(v -> assertThat(v).startsWith("I12").contains("beyond the limit 6"));
    }

    @Test
    void aPirqBindingANotifyVcpuThatDoesNotExistAndAnUnknownState() {
        bed.table(1).setState(11, EvtchnDomain.ECS_PIRQ);
        bed.table(1).setState(12, EvtchnDomain.ECS_IPI);
        bed.table(1).setNotifyVcpu(12, 5);
        bed.table(1).setState(13, (byte) 9);
        assertThat(bed.audit())
                .anySatisfy(v -> assertThat(v).contains("PIRQ"))
                .anySatisfy(v -> assertThat(v).contains("notify vCPU 5 does not exist"))
                .anySatisfy(v -> assertThat(v).contains("no ECS_* state"));
    }

    @Test
    void kicksAreAccountedFor() {
        bed.host.domains.get(1).runningOn[0] = 0;
        int ipi = bed.bindIpi(1, 0);
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.audit()).isEmpty();
        bed.evtchn.kicks().kick(0, 1, 0); // a kick nobody asked for
        assertThat(bed.audit()).anySatisfy(v -> assertThat(v).contains("kicks"));
    }
}
