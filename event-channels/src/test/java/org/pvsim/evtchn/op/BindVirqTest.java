package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EBUSY;
import static org.pvsim.evtchn.testing.Rc.EEXIST;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.ENOENT;
import static org.pvsim.evtchn.testing.Rc.ENOSPC;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Virq;

class BindVirqTest {
    static final int TIMER = Virq.VIRQ_TIMER.code;
    static final int DEBUG = Virq.VIRQ_DEBUG.code;
    static final int DOM_EXC = Virq.VIRQ_DOM_EXC.code;
    static final int ARGO = Virq.VIRQ_ARGO.code;
    static final int MCA = Virq.VIRQ_ARCH_0.code;

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
    void bindsAPerVcpuVirqOnTheNamedVcpu() {
        int p = bed.bindVirq(1, TIMER, 1);
        assertThat(p).isEqualTo(1);
        var st = bed.status(1, SELF, p);
        assertThat(st.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_virq.code);
        assertThat(st.uirq()).isEqualTo(TIMER);
        assertThat(st.vcpu()).isEqualTo(1);
        assertThat(bed.table(1).virqPort(1, TIMER)).isEqualTo(p);
        assertThat(bed.table(1).virqPort(0, TIMER)).isZero();
    }

    @Test
    void thePerVcpuVirqMayBeBoundOnEachVcpu() {
        assertThat(bed.bindVirq(1, TIMER, 0)).isEqualTo(1);
        assertThat(bed.bindVirq(1, TIMER, 1)).isEqualTo(2);
        assertThat(bed.bindVirq(1, DEBUG, 1)).isEqualTo(3);
    }

    @Test
    void aVirqOutOfRangeIsEinval() {
        assertThat(bed.bindVirq(1, Virq.NR_VIRQS, 0)).isEqualTo(EINVAL);
        assertThat(bed.bindVirq(1, -1, 0))
                .as("0xffffffff is a negative int virq")
                .isEqualTo(EINVAL);
        assertThat(bed.bindVirq(1, Integer.MIN_VALUE, 0)).isEqualTo(EINVAL);
    }

    @Test
    void aNonPerVcpuVirqOnAVcpuOtherThanZeroIsEinval() {
        assertThat(bed.bindVirq(1, ARGO, 1)).isEqualTo(EINVAL);
        assertThat(bed.bindVirq(0, DOM_EXC, 1)).isEqualTo(EINVAL);
        // EINVAL comes before ENOENT: vCPU 7 does not exist either
        assertThat(bed.bindVirq(0, DOM_EXC, 7)).isEqualTo(EINVAL);
    }

    @Test
    void aVcpuThatDoesNotExistIsEnoent() {
        assertThat(bed.bindVirq(1, TIMER, 2)).isEqualTo(ENOENT);
        assertThat(bed.bindVirq(1, TIMER, -1)).isEqualTo(ENOENT);
        bed.host.domains.get(1).vcpuExists[1] = false;
        assertThat(bed.bindVirq(1, TIMER, 1)).isEqualTo(ENOENT);
    }

    @Test
    void bindingTheSameVirqTwiceOnAVcpuIsEexist() {
        assertThat(bed.bindVirq(1, TIMER, 0)).isPositive();
        assertThat(bed.bindVirq(1, TIMER, 0)).isEqualTo(EEXIST);
        assertThat(bed.bindVirq(1, ARGO, 0)).isPositive();
        assertThat(bed.bindVirq(1, ARGO, 0)).isEqualTo(EEXIST);
        assertThat(bed.bindVirq(0, DOM_EXC, 0)).isPositive();
        assertThat(bed.bindVirq(0, DOM_EXC, 0)).isEqualTo(EEXIST);
    }

    @Test
    void aGlobalVirqBindsOnlyInItsHandlerTheHardwareDomain() {
        assertThat(bed.bindVirq(1, DOM_EXC, 0)).isEqualTo(EBUSY);
        assertThat(bed.bindVirq(1, MCA, 0)).as("x86's VIRQ_ARCH_* are global").isEqualTo(EBUSY);
        assertThat(bed.bindVirq(1, Virq.VIRQ_CON_RING.code, 0)).isEqualTo(EBUSY);
        assertThat(bed.bindVirq(0, DOM_EXC, 0)).isEqualTo(1);
        assertThat(bed.bindVirq(0, MCA, 0)).isEqualTo(2);
    }

    @Test
    void aPerDomainVirqBindsInAnyDomainOnVcpuZero() {
        assertThat(bed.bindVirq(1, ARGO, 0)).isEqualTo(1);
    }

    @Test
    void enoentComesBeforeEbusy() {
        bed.host.domains.get(1).vcpuExists[0] = false;
        assertThat(bed.bindVirq(1, DOM_EXC, 0)).isEqualTo(ENOENT);
    }

    @Test
    void aFullTableIsEnospcAndLeavesTheVirqUnbound() {
        var d = bed.create(2, 1);
        d.maxEvtchnPort = 0;
        bed.announce(2);
        assertThat(bed.bindVirq(2, TIMER, 0)).isEqualTo(ENOSPC);
        assertThat(bed.table(2).virqPort(0, TIMER)).isZero();
    }
}
