package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EFAULT;
import static org.pvsim.evtchn.testing.Rc.ENOSYS;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.abi.EvtchnAllocUnboundDescriptor;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnPortArgDescriptor;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.testing.FakeGuest;

class DispatchTest {
    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.dom0(1);
        bed.domain(1, 1);
        bed.domain(2, 1);
    }

    @Test
    void everyCommandWhoseStructureCannotBeReadIsEfault() {
        for (EvtchnOp c : EvtchnOp.values()) {
            assertThat(bed.opAt(1, 0, c.code, 0x10, new byte[0])).as(c.name()).isEqualTo(EFAULT);
            long end = FakeGuest.BASE + bed.guest.memory.length - 1;
            assertThat(bed.opAt(1, 0, c.code, end, new byte[0]))
                    .as(c.name() + " across the end")
                    .isEqualTo(EFAULT);
        }
        assertThat(bed.opAt(1, 0, EventChannelOp.EVTCHNOP_reset_cont, 0x10, new byte[0]))
                .isEqualTo(EFAULT);
        assertThat(bed.table(1).state(1)).isEqualTo(EvtchnDomain.ECS_FREE);
    }

    @Test
    void anUnknownCommandIsEnosysWithoutReadingItsArgument() {
        for (long cmd : new long[] {15, 16, 100, -1, Integer.MIN_VALUE}) {
            assertThat(bed.opAt(1, 0, cmd, 0x10, new byte[0])).as("cmd " + cmd).isEqualTo(ENOSYS);
        }
    }

    @Test
    void theCommandIsTheLow32BitsOfTheRegister() {
        int p = bed.bindIpi(1, 0);
        byte[] s = new byte[EvtchnPortArgDescriptor.SIZE];
        LittleEndian.putI32(s, 0, p);
        assertThat(bed.opAt(1, 0, (7L << 32) | EvtchnOp.EVTCHNOP_send.code, EvtchnTestBed.ARG, s))
                .isZero();
        assertThat(bed.pending(1, p)).isTrue();
    }

    @Test
    void aFailedCopyBackIsEfaultButTheSubOpHappenedAsInXen() {
        byte[] s = new byte[EvtchnAllocUnboundDescriptor.SIZE];
        LittleEndian.putU16(s, EvtchnAllocUnboundDescriptor.DOM_OFFSET, SELF);
        LittleEndian.putU16(s, EvtchnAllocUnboundDescriptor.REMOTE_DOM_OFFSET, 2);
        bed.guest.readOnlyFrom = EvtchnTestBed.ARG;
        assertThat(bed.op(1, EvtchnOp.EVTCHNOP_alloc_unbound.code, s)).isEqualTo(EFAULT);
        bed.guest.readOnlyFrom = Long.MAX_VALUE;
        assertThat(bed.table(1).state(1)).isEqualTo(EvtchnDomain.ECS_UNBOUND);
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void subOpsThatReturnNothingNeedNoWritableArgument() {
        int p = bed.bindIpi(1, 0);
        byte[] s = new byte[EvtchnPortArgDescriptor.SIZE];
        LittleEndian.putI32(s, 0, p);
        bed.guest.readOnlyFrom = EvtchnTestBed.ARG;
        assertThat(bed.op(1, EvtchnOp.EVTCHNOP_send.code, s)).isZero();
        assertThat(bed.op(1, EvtchnOp.EVTCHNOP_unmask.code, s)).isZero();
        assertThat(bed.op(1, EvtchnOp.EVTCHNOP_close.code, s)).isZero();
    }

    @Test
    void theCompatHypercallServesCommandsZeroToNineOnTheUnion() {
        byte[] port = new byte[4];
        int p = bed.bindIpi(1, 0);
        LittleEndian.putI32(port, 0, p);
        assertThat(bed.compat(1, EvtchnOp.EVTCHNOP_send.code, port)).isZero();
        assertThat(bed.pending(1, p)).isTrue();

        byte[] status = new byte[EvtchnStatusDescriptor.SIZE];
        LittleEndian.putU16(status, EvtchnStatusDescriptor.DOM_OFFSET, SELF);
        LittleEndian.putI32(status, EvtchnStatusDescriptor.PORT_OFFSET, p);
        assertThat(bed.compat(1, EvtchnOp.EVTCHNOP_status.code, status)).isZero();
        assertThat(LittleEndian.getI32(bed.out, EvtchnStatusDescriptor.STATUS_OFFSET))
                .isEqualTo(EvtchnStat.EVTCHNSTAT_ipi.code);

        byte[] alloc = new byte[EvtchnAllocUnboundDescriptor.SIZE];
        LittleEndian.putU16(alloc, EvtchnAllocUnboundDescriptor.DOM_OFFSET, SELF);
        assertThat(bed.compat(1, EvtchnOp.EVTCHNOP_alloc_unbound.code, alloc)).isZero();
        assertThat(LittleEndian.getI32(bed.out, EvtchnAllocUnboundDescriptor.PORT_OFFSET))
                .isEqualTo(p + 1);
    }

    @Test
    void theCompatHypercallRefusesLaterCommands() {
        byte[] reset = new byte[2];
        LittleEndian.putU16(reset, 0, SELF);
        for (EvtchnOp c : new EvtchnOp[] {
            EvtchnOp.EVTCHNOP_reset,
            EvtchnOp.EVTCHNOP_init_control,
            EvtchnOp.EVTCHNOP_expand_array,
            EvtchnOp.EVTCHNOP_set_priority
        }) {
            assertThat(bed.compat(1, c.code, reset)).as(c.name()).isEqualTo(ENOSYS);
        }
        assertThat(bed.compat(1, -1, reset)).isEqualTo(ENOSYS);
        assertThat(bed.compat(1, 14, reset)).isEqualTo(ENOSYS);
    }

    @Test
    void theCompatHypercallReadsTheWholeStructureFirst() {
        long va = FakeGuest.BASE + bed.guest.memory.length - 12; // cmd and an 8-byte union fit, 28 bytes do not
        bed.guest.domid = 1;
        long rc = bed.host.hypercalls[16].invoke(bed.guest, va, 0, 0, 0, 0);
        assertThat(rc).isEqualTo(EFAULT);
    }
}
