package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EACCES;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.ENOSYS;
import static org.pvsim.evtchn.testing.Rc.SELF;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.abi.EvtchnInitControlDescriptor;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.evtchn.testing.FakeFifoAbi;
import org.pvsim.evtchn.testing.RecordingJournal.Entry;
import org.pvsim.hypervisor.spi.EvtchnEvent;

class FifoSubOpsTest {
    @Test
    void withoutTheFifoAbiInitControlAndExpandArrayAreEnosysAndTheDomainStaysTwoLevel() {
        EvtchnTestBed bed = new EvtchnTestBed();
        bed.domain(1, 1);
        bed.guest.memory[(int) (EvtchnTestBed.ARG - bed.guest.BASE) + EvtchnInitControlDescriptor.LINK_BITS_OFFSET] = 0;
        assertThat(bed.initControl(1, 5, 0, 0)).isEqualTo(ENOSYS);
        assertThat(bed.out[EvtchnInitControlDescriptor.LINK_BITS_OFFSET])
                .as("nothing copied back")
                .isZero();
        assertThat(bed.expandArray(1, 6)).isEqualTo(ENOSYS);
        assertThat(bed.table(1).ops()).isSameAs(TwoLevelPortOps.INSTANCE);
    }

    @Test
    void setPriorityOnTwoLevelIsEnosysForAnyValidPortAndEinvalForAnInvalidOne() {
        EvtchnTestBed bed = new EvtchnTestBed();
        bed.domain(1, 1);
        int p = bed.bindIpi(1, 0);
        assertThat(bed.setPriority(1, p, 3)).isEqualTo(ENOSYS);
        assertThat(bed.setPriority(1, 5, 3)).as("free port").isEqualTo(ENOSYS);
        assertThat(bed.setPriority(1, 0, 3)).as("reserved port").isEqualTo(ENOSYS);
        assertThat(bed.setPriority(1, 64, 3)).isEqualTo(EINVAL);
        assertThat(bed.setPriority(1, -1, 3)).isEqualTo(EINVAL);
    }

    @Test
    void initControlPassesItsArgumentsRawAndCopiesLinkBitsBackOnSuccess() {
        FakeFifoAbi fifo = new FakeFifoAbi();
        EvtchnTestBed bed = new EvtchnTestBed(2, 16, fifo);
        bed.domain(1, 2);
        bed.host.memory.give(0x77, 1);
        assertThat(bed.initControl(1, 0x77, 64, 1)).isZero();
        assertThat(bed.out[EvtchnInitControlDescriptor.LINK_BITS_OFFSET])
                .isEqualTo((byte) EvtchnFifo.EVTCHN_FIFO_LINK_BITS);
        assertThat(bed.initControl(1, 0x77, -8, -1)).isZero();
        assertThat(fifo.calls).containsExactly("init d1 gfn 119 off 64 vcpu 1", "init d1 gfn 119 off -8 vcpu -1");
        assertThat(bed.host.journal.entries).containsOnlyOnce(new Entry(EvtchnEvent.ABI, 1, -1, -1, 1));
        List<Long> refs = new ArrayList<>();
        bed.host.audits.get(0).frameReferences((mfn, holder) -> refs.add(mfn));
        assertThat(refs).containsExactly(0x77L);
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void aFailedInitControlLeavesTwoLevelAndCopiesNothingBack() {
        FakeFifoAbi fifo = new FakeFifoAbi();
        fifo.failInit = EINVAL;
        EvtchnTestBed bed = new EvtchnTestBed(2, 16, fifo);
        bed.domain(1, 1);
        assertThat(bed.initControl(1, 0x77, 3, 0)).isEqualTo(EINVAL);
        assertThat(bed.out[EvtchnInitControlDescriptor.LINK_BITS_OFFSET]).isZero();
        assertThat(bed.table(1).ops()).isSameAs(TwoLevelPortOps.INSTANCE);
        assertThat(bed.host.journal.count(EvtchnEvent.ABI)).isZero();
    }

    @Test
    void onFifoSetPriorityGoesToTheAbiAndTheLimitGrows() {
        FakeFifoAbi fifo = new FakeFifoAbi();
        EvtchnTestBed bed = new EvtchnTestBed(2, 16, fifo);
        var d = bed.create(1, 1);
        d.maxEvtchnPort = 100_000;
        bed.announce(1);
        bed.host.memory.give(0x77, 1);
        assertThat(bed.table(1).portLimit()).isEqualTo(4096);
        assertThat(bed.initControl(1, 0x77, 0, 0)).isZero();
        assertThat(bed.table(1).portLimit()).isEqualTo(100_001);
        int p = bed.bindIpi(1, 0);
        assertThat(bed.setPriority(1, p, 2)).isZero();
        assertThat(bed.table(1).priority(p)).isEqualTo(2);
        assertThat(bed.setPriority(1, p, 16)).isEqualTo(EINVAL);
        assertThat(bed.setPriority(1, 9, 2)).isEqualTo(EACCES);
        assertThat(bed.expandArray(1, 0x78)).isZero();
        assertThat(bed.close(1, p)).isZero();
        assertThat(bed.table(1).priority(p)).isEqualTo(7);
        assertThat(bed.status(1, SELF, p).status()).isZero();
        assertThat(bed.audit()).isEmpty();
    }
}
