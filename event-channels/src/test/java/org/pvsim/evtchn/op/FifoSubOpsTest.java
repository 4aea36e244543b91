package org.pvsim.evtchn.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EACCES;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.ENOENT;
import static org.pvsim.evtchn.testing.Rc.ENOSYS;
import static org.pvsim.evtchn.testing.Rc.SELF;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.abi.EvtchnInitControlDescriptor;
import org.pvsim.evtchn.fifo.FifoPortOps;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.testing.RecordingJournal.Entry;

/** The FIFO ABI's sub-ops as the core dispatches them: init_control, expand_array, set_priority. */
class FifoSubOpsTest {
    static final long CONTROL = 0x900;
    static final long ARRAY = 0x901;

    EvtchnTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        var d = bed.create(1, 2);
        d.maxEvtchnPort = 100_000;
        bed.announce(1);
        bed.host.memory.give(CONTROL, 1);
        bed.host.memory.give(ARRAY, 1);
        bed.host.memory.give(CONTROL + 10, 1);
    }

    @AfterEach
    void auditClean() {
        assertThat(bed.audit()).isEmpty();
    }

    private int linkBits() {
        return bed.out[EvtchnInitControlDescriptor.LINK_BITS_OFFSET];
    }

    @Test
    void initControlSwitchesToFifoAndCopiesLinkBitsBack() {
        assertThat(bed.table(1).portLimit()).isEqualTo(4096);
        assertThat(bed.initControl(1, CONTROL, 64, 1)).isZero();
        assertThat(linkBits()).isEqualTo(EvtchnFifo.EVTCHN_FIFO_LINK_BITS);
        assertThat(bed.table(1).ops()).isInstanceOf(FifoPortOps.class);
        assertThat(bed.table(1).portLimit()).isEqualTo(100_001);
        assertThat(bed.initControl(1, CONTROL + 10, 0, 0))
                .as("the other vCPU's block")
                .isZero();
        assertThat(bed.host.journal.evtchnEntries).containsOnlyOnce(new Entry(EvtchnEvent.ABI, 1, -1, -1, 1));
        List<Long> refs = new ArrayList<>();
        bed.host.audits.get(0).frameReferences((mfn, holder) -> refs.add(mfn));
        assertThat(refs).containsExactly(CONTROL + 10, CONTROL);
    }

    @Test
    void aFailedInitControlLeavesTwoLevelAndCopiesNothingBack() {
        assertThat(bed.initControl(1, CONTROL, 4, 0)).as("misaligned").isEqualTo(EINVAL);
        assertThat(linkBits()).isZero();
        assertThat(bed.initControl(1, CONTROL, 4096 - 64, 0))
                .as("crosses the page")
                .isEqualTo(EINVAL);
        assertThat(bed.initControl(1, 0x12345, 0, 0))
                .as("not the domain's frame")
                .isEqualTo(EINVAL);
        assertThat(bed.initControl(1, CONTROL, 0, 2)).as("no such vCPU").isEqualTo(ENOENT);
        assertThat(bed.initControl(1, CONTROL, 0, -1)).isEqualTo(ENOENT);
        assertThat(bed.table(1).ops()).isSameAs(TwoLevelPortOps.INSTANCE);
        assertThat(bed.host.journal.count(EvtchnEvent.ABI)).isZero();
        assertThat(bed.host.memory.totalReferences()).isZero();
    }

    @Test
    void expandArrayNeedsFifo() {
        assertThat(bed.expandArray(1, ARRAY)).isEqualTo(Errno.EOPNOTSUPP.neg());
        assertThat(bed.initControl(1, CONTROL, 0, 0)).isZero();
        assertThat(bed.expandArray(1, ARRAY)).isZero();
        assertThat(bed.expandArray(1, 0x12345)).isEqualTo(EINVAL);
    }

    @Test
    void aFifoPortSetPendingBeforeItHasAnEventWordIsRaisedByExpandArray() {
        assertThat(bed.initControl(1, CONTROL, 0, 0)).isZero();
        int p = bed.bindIpi(1, 0);
        assertThat(bed.send(1, p)).isZero();
        assertThat(bed.upcallPending(1, 0)).as("no event word yet").isFalse();
        assertThat(bed.expandArray(1, ARRAY)).isZero();
        assertThat(bed.upcallPending(1, 0)).isTrue();
        assertThat(bed.poll(1, p)).isEqualTo(1);
    }

    @Test
    void setPriorityOnTwoLevelIsEnosysForAnyValidPortAndEinvalForAnInvalidOne() {
        int p = bed.bindIpi(1, 0);
        assertThat(bed.setPriority(1, p, 3)).isEqualTo(ENOSYS);
        assertThat(bed.setPriority(1, 5, 3)).as("free port").isEqualTo(ENOSYS);
        assertThat(bed.setPriority(1, 0, 3)).as("reserved port").isEqualTo(ENOSYS);
        assertThat(bed.setPriority(1, 64, 3)).isEqualTo(EINVAL);
        assertThat(bed.setPriority(1, -1, 3)).isEqualTo(EINVAL);
    }

    @Test
    void setPriorityOnFifo() {
        assertThat(bed.initControl(1, CONTROL, 0, 0)).isZero();
        int p = bed.bindIpi(1, 0);
        assertThat(bed.setPriority(1, p, 2)).isZero();
        assertThat(bed.table(1).priority(p)).isEqualTo(2);
        assertThat(bed.setPriority(1, p, 16)).isEqualTo(EINVAL);
        assertThat(bed.setPriority(1, p, -1)).isEqualTo(EINVAL);
        assertThat(bed.setPriority(1, 9, 2)).as("free port").isEqualTo(EACCES);
        assertThat(bed.setPriority(1, 0, 2)).as("reserved port").isEqualTo(EACCES);
        assertThat(bed.setPriority(1, 64, 2)).isEqualTo(EINVAL);
        assertThat(bed.close(1, p)).isZero();
        assertThat(bed.table(1).priority(p)).isEqualTo(EvtchnDomain.DEFAULT_PRIORITY);
        assertThat(bed.status(1, SELF, p).status()).isZero();
    }

    @Test
    void aFifoDomainAllocatesBeyondTheTwoLevelLimit() {
        assertThat(bed.initControl(1, CONTROL, 0, 0)).isZero();
        int last = 0;
        for (int i = 0; i < 5000; i++) {
            last = bed.bindIpi(1, 0);
        }
        assertThat(last).isEqualTo(5000);
        assertThat(bed.reset(1, SELF)).isZero();
        assertThat(bed.table(1).ops()).isSameAs(TwoLevelPortOps.INSTANCE);
        assertThat(bed.table(1).validPorts()).as("valid_evtchns never shrinks").isGreaterThan(5000);
        assertThat(bed.poll(1, 4500))
                .as("a valid port beyond the bitmaps is free")
                .isEqualTo(EINVAL);
        assertThat(bed.unmask(1, 4500)).isZero();
        assertThat(bed.host.memory.totalReferences()).isZero();
    }
}
