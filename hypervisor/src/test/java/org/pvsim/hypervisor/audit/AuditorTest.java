package org.pvsim.hypervisor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/** The auditor finds each kind of corruption it is meant to find, so that a clean audit means something. */
class AuditorTest {
    private TestHost host;
    private TestGuest guest;
    private FrameTable frames;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        guest = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        frames = host.hv.machine().frames();
    }

    private List<String> invariants() {
        return host.auditor.audit().stream().map(Violation::invariant).toList();
    }

    @Test
    void freshHostIsClean() {
        assertThat(host.auditor.audit()).isEmpty();
    }

    @Test
    void anExtraGeneralReferenceIsI5() {
        long mfn = guest.mfn(guest.allocPfn());
        frames.setCount(mfn, frames.count(mfn) + 1);
        assertThat(invariants()).contains("I5");
    }

    @Test
    void aMissingTypeReferenceIsI5() {
        long l4 = guest.l4Mfn();
        frames.setTypeCount(l4, frames.typeCount(l4) - 1);
        assertThat(invariants()).contains("I5");
    }

    @Test
    void aWritableMappingOfAPageTableIsI2() {
        long l1Pfn = guest.layout.l4Pfn() + guest.layout.nrPtFrames() - 1;
        long entryMaddr = guest.l1EntryMaddr(guest.va(l1Pfn));
        long mfn = entryMaddr >>> X86Paging.PAGE_SHIFT;
        int off = (int) (entryMaddr & (X86Paging.PAGE_SIZE - 1));
        long e = host.hv.machine().memory().read64(mfn, off);
        host.hv.machine().memory().write64(mfn, off, e | X86Paging._PAGE_RW);
        assertThat(invariants()).contains("I2");
    }

    @Test
    void aMappingOfAnotherDomainsFrameIsI1() {
        TestGuest other = host.domU(2, TestHost.DEFAULT_DOMU_PAGES);
        long foreign = other.mfn(other.allocPfn());
        long entryMaddr = guest.l1EntryMaddr(guest.va(guest.allocPfn()));
        host.hv
                .machine()
                .memory()
                .write64(
                        entryMaddr >>> X86Paging.PAGE_SHIFT,
                        (int) (entryMaddr & (X86Paging.PAGE_SIZE - 1)),
                        X86Paging.entry(foreign, X86Paging._PAGE_PRESENT));
        assertThat(invariants()).contains("I1");
    }

    @Test
    void aPinOnAPageThatIsNotATableIsI6() {
        long mfn = guest.mfn(guest.allocPfn());
        frames.setPinned(mfn, true);
        assertThat(frames.type(mfn)).isEqualTo(PageType.PGT_writable_page);
        assertThat(invariants()).contains("I6");
    }

    @Test
    void aLeakedFrameIsI6() {
        long mfn = guest.mfn(guest.allocPfn());
        frames.setCount(mfn, 0);
        assertThat(invariants()).contains("I6");
    }

    @Test
    void aWrongTotPagesIsI5() {
        guest.domain.adjustTotPages(1);
        assertThat(invariants()).contains("I5");
    }

    @Test
    void aHypervisorBugIsReported() {
        host.hv.bug("test");
        assertThat(invariants()).contains("I17");
    }
}
