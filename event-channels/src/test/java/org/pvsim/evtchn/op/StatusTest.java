package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.EPERM;
import static org.pvsim.evtchn.testing.Rc.ESRCH;
import static org.pvsim.evtchn.testing.Rc.SELF;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.Virq;

class StatusTest {
    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.dom0(2);
        bed.domain(1, 2);
        bed.domain(2, 2);
    }

    @Test
    void reportsEveryStateWithItsFields() {
        int unbound = bed.allocUnbound(1, SELF, 2);
        int ipi = bed.bindIpi(1, 1);
        int virq = bed.bindVirq(1, Virq.VIRQ_DEBUG.code, 1);
        int offer = bed.allocUnbound(2, SELF, 1);
        int inter = bed.bindInterdomain(1, 2, offer);

        var s0 = bed.status(1, SELF, 0);
        assertThat(s0.rc()).isZero();
        assertThat(s0.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_closed.code);
        assertThat(bed.status(1, SELF, 9).status()).isEqualTo(EvtchnStat.EVTCHNSTAT_closed.code);

        var su = bed.status(1, SELF, unbound);
        assertThat(su.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(su.udom()).isEqualTo(2);

        var si = bed.status(1, SELF, ipi);
        assertThat(si.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_ipi.code);
        assertThat(si.vcpu()).isEqualTo(1);

        var sv = bed.status(1, SELF, virq);
        assertThat(sv.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_virq.code);
        assertThat(sv.uirq()).isEqualTo(Virq.VIRQ_DEBUG.code);
        assertThat(sv.vcpu()).isEqualTo(1);

        var sd = bed.status(1, SELF, inter);
        assertThat(sd.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_interdomain.code);
        assertThat(sd.udom()).isEqualTo(2);
        assertThat(sd.uport()).isEqualTo(offer);
        assertThat(sd.vcpu()).isZero();
    }

    @Test
    void writesOnlyTheFieldsXenWritesAndCopiesTheRestBack() {
        int ipi = bed.bindIpi(1, 1);
        byte[] s = new byte[EvtchnStatusDescriptor.SIZE];
        Arrays.fill(s, (byte) 0xAB);
        LittleEndian.putU16(s, EvtchnStatusDescriptor.DOM_OFFSET, SELF);
        LittleEndian.putI32(s, EvtchnStatusDescriptor.PORT_OFFSET, ipi);
        assertThat(bed.op(1, EvtchnOp.EVTCHNOP_status.code, s)).isZero();
        assertThat(LittleEndian.getI32(bed.out, EvtchnStatusDescriptor.STATUS_OFFSET))
                .isEqualTo(EvtchnStat.EVTCHNSTAT_ipi.code);
        assertThat(LittleEndian.getI32(bed.out, EvtchnStatusDescriptor.VCPU_OFFSET))
                .isEqualTo(1);
        assertThat(LittleEndian.getI32(bed.out, EvtchnStatusDescriptor.U_DOM_OFFSET))
                .isEqualTo(0xABABABAB);
        assertThat(LittleEndian.getI32(bed.out, EvtchnStatusDescriptor.U_PORT_OFFSET))
                .isEqualTo(0xABABABAB);
        assertThat(LittleEndian.getU16(bed.out, EvtchnStatusDescriptor.DOM_OFFSET))
                .isEqualTo(SELF);
    }

    @Test
    void anUnknownDomainIsEsrch() {
        assertThat(bed.status(1, 42, 0).rc()).isEqualTo(ESRCH);
        assertThat(bed.status(0, 42, 0).rc()).isEqualTo(ESRCH);
    }

    @Test
    void anInvalidPortIsEinval() {
        assertThat(bed.status(1, SELF, 64).rc()).isEqualTo(EINVAL);
        assertThat(bed.status(1, SELF, -1).rc()).isEqualTo(EINVAL);
    }

    @Test
    void anotherDomainsPortNeedsPrivilege() {
        int p = bed.allocUnbound(2, SELF, 1);
        assertThat(bed.status(1, 2, p).rc()).isEqualTo(EPERM);
        var s = bed.status(0, 2, p);
        assertThat(s.rc()).isZero();
        assertThat(s.status()).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(bed.status(1, 1, p).rc()).as("its own id is itself").isZero();
    }

    @Test
    void einvalComesBeforeEperm() {
        assertThat(bed.status(1, 2, 64).rc()).isEqualTo(EINVAL);
    }

    @Test
    void aFailedStatusWritesNothingBack() {
        byte[] s = new byte[EvtchnStatusDescriptor.SIZE];
        Arrays.fill(s, (byte) 0x5A);
        LittleEndian.putU16(s, EvtchnStatusDescriptor.DOM_OFFSET, 2);
        LittleEndian.putI32(s, EvtchnStatusDescriptor.PORT_OFFSET, 0);
        assertThat(bed.op(1, EvtchnOp.EVTCHNOP_status.code, s)).isEqualTo(EPERM);
        assertThat(LittleEndian.getI32(bed.out, EvtchnStatusDescriptor.STATUS_OFFSET))
                .isEqualTo(0x5A5A5A5A);
    }
}
