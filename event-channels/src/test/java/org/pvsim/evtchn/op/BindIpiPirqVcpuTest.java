package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EBUSY;
import static org.pvsim.evtchn.testing.Rc.EEXIST;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.ENOENT;
import static org.pvsim.evtchn.testing.Rc.EPERM;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.abi.EvtchnBindPirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Virq;

class BindIpiPirqVcpuTest {
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

    // ---- bind_ipi ----

    @Test
    void bindIpiBindsAPortToTheVcpu() {
        int p = bed.bindIpi(1, 1);
        assertThat(p).isEqualTo(1);
        var st = bed.status(1, SELF, p);
        assertThat(st.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_ipi.code);
        assertThat(st.vcpu()).isEqualTo(1);
    }

    @Test
    void bindIpiToAVcpuThatDoesNotExistIsEnoent() {
        assertThat(bed.bindIpi(1, 2)).isEqualTo(ENOENT);
        assertThat(bed.bindIpi(1, -1)).isEqualTo(ENOENT);
        assertThat(bed.table(1).state(1)).isEqualTo(EvtchnDomain.ECS_FREE);
    }

    // ---- bind_pirq ----

    @Test
    void bindPirqFromAnUnprivilegedDomainIsEperm() {
        assertThat(bed.bindPirq(1, 3, 0)).isEqualTo(EPERM);
        assertThat(bed.bindPirq(1, 0, EvtchnBindPirqDescriptor.BIND_PIRQ__WILL_SHARE))
                .isEqualTo(EPERM);
    }

    @Test
    void bindPirqFromTheHardwareDomainIsEpermSinceNoIrqIsMapped() {
        // Xen: pirq_access_permitted() fails for a PIRQ without an IRQ mapped to it
        assertThat(bed.bindPirq(0, 9, 0)).isEqualTo(EPERM);
        assertThat(bed.table(0).state(1)).isEqualTo(EvtchnDomain.ECS_FREE);
    }

    @Test
    void aMappedPirqBindsOnceAndItsInterruptsSetThePortPending() {
        bed.host.pirqs.mapGsi(0, 11, 11);
        int p = bed.bindPirq(0, 11, 0);
        assertThat(p).isPositive();
        var st = bed.status(0, SELF, p);
        assertThat(st.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_pirq.code);
        assertThat(st.uirq()).isEqualTo(11);
        assertThat(st.vcpu()).isZero();
        assertThat(bed.bindPirq(0, 11, 0)).as("a second port for the PIRQ").isEqualTo(EEXIST);

        assertThat(bed.pending(0, p)).isFalse();
        bed.host.pirqs.assertLine(11, 1000);
        assertThat(bed.pending(0, p)).isTrue();
        assertThat(bed.host.pirqs.isInFlight(11)).isTrue();
        assertThat(bed.audit()).isEmpty();

        assertThat(bed.close(0, p)).isZero();
        assertThat(bed.host.pirqs.guestOf(11))
                .as("closing the port unbinds the line")
                .isEqualTo(-1);
        assertThat(bed.table(0).pirqPort(11)).isZero();
        assertThat(bed.bindPirq(0, 11, 0)).as("and the PIRQ can be bound again").isPositive();
    }

    @Test
    void aLineHasOneGuestSoASecondDomainsBindIsEbusy() {
        bed.host.pirqs.mapGsi(0, 10, 10);
        bed.host.pirqs.mapGsi(1, 10, 20);
        assertThat(bed.bindPirq(0, 10, EvtchnBindPirqDescriptor.BIND_PIRQ__WILL_SHARE))
                .isPositive();
        assertThat(bed.bindPirq(1, 20, EvtchnBindPirqDescriptor.BIND_PIRQ__WILL_SHARE))
                .isEqualTo(EBUSY);
        assertThat(bed.table(1).pirqPort(20)).isZero();
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void destroyingADomainReleasesItsLines() {
        bed.host.pirqs.mapGsi(1, 10, 10);
        assertThat(bed.bindPirq(1, 10, 0)).isPositive();
        bed.kill(1);
        bed.destroy(1);
        assertThat(bed.host.pirqs.guestOf(10)).isEqualTo(-1);
    }

    @Test
    void bindPirqBeyondNrPirqsIsEinvalBeforeEperm() {
        assertThat(bed.bindPirq(1, EvtchnBind.NR_PIRQS - 1, 0)).isEqualTo(EPERM);
        assertThat(bed.bindPirq(1, EvtchnBind.NR_PIRQS, 0)).isEqualTo(EINVAL);
        assertThat(bed.bindPirq(0, -1, 0)).as("unsigned 0xffffffff").isEqualTo(EINVAL);
    }

    // ---- bind_vcpu ----

    @Test
    void bindVcpuMovesAnUnboundPortAndEventsFollowIt() {
        int p = bed.allocUnbound(1, SELF, 2);
        assertThat(bed.bindVcpu(1, p, 1)).isZero();
        assertThat(bed.status(1, SELF, p).vcpu()).isEqualTo(1);
        int lp = bed.bindInterdomain(2, 1, p);
        assertThat(bed.send(2, lp)).isZero();
        assertThat(bed.pending(1, p)).isTrue();
        assertThat(bed.pendingSel(1, 1)).isEqualTo(1L);
        assertThat(bed.upcallPending(1, 1)).isTrue();
        assertThat(bed.upcallPending(1, 0)).isFalse();
    }

    @Test
    void bindVcpuMovesAnInterdomainPort() {
        int p = bed.allocUnbound(1, SELF, 2);
        int lp = bed.bindInterdomain(2, 1, p);
        assertThat(bed.bindVcpu(2, lp, 1)).isZero();
        assertThat(bed.status(2, SELF, lp).vcpu()).isEqualTo(1);
    }

    @Test
    void bindVcpuMovesGlobalAndPerDomainVirqsButTheirTableEntryStaysOnVcpuZero() {
        int g = bed.bindVirq(0, Virq.VIRQ_DOM_EXC.code, 0);
        assertThat(bed.bindVcpu(0, g, 1)).isZero();
        assertThat(bed.table(0).virqPort(0, Virq.VIRQ_DOM_EXC.code)).isEqualTo(g);
        bed.raiseVirq(0, 0, Virq.VIRQ_DOM_EXC.code);
        assertThat(bed.upcallPending(0, 1)).isTrue();
        int a = bed.bindVirq(1, Virq.VIRQ_ARGO.code, 0);
        assertThat(bed.bindVcpu(1, a, 1)).isZero();
    }

    @Test
    void bindVcpuOfAnIpiOrPerVcpuVirqPortIsEinval() {
        int ipi = bed.bindIpi(1, 0);
        int timer = bed.bindVirq(1, Virq.VIRQ_TIMER.code, 0);
        assertThat(bed.bindVcpu(1, ipi, 1)).isEqualTo(EINVAL);
        assertThat(bed.bindVcpu(1, timer, 1)).isEqualTo(EINVAL);
        assertThat(bed.status(1, SELF, ipi).vcpu()).isZero();
    }

    @Test
    void bindVcpuOfAFreeReservedOrInvalidPortIsEinval() {
        assertThat(bed.bindVcpu(1, 0, 1)).isEqualTo(EINVAL);
        assertThat(bed.bindVcpu(1, 5, 1)).isEqualTo(EINVAL);
        assertThat(bed.bindVcpu(1, 64, 1)).isEqualTo(EINVAL);
        assertThat(bed.bindVcpu(1, -1, 0)).isEqualTo(EINVAL);
    }

    @Test
    void bindVcpuToAVcpuThatDoesNotExistIsEnoentBeforeThePortIsChecked() {
        int p = bed.allocUnbound(1, SELF, 2);
        assertThat(bed.bindVcpu(1, p, 2)).isEqualTo(ENOENT);
        assertThat(bed.bindVcpu(1, 99999, 2)).isEqualTo(ENOENT);
        assertThat(bed.bindVcpu(1, p, -1)).isEqualTo(ENOENT);
    }
}
