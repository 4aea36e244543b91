package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.GuestPageFault;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.paging.GuestPageWalker;
import org.pvsim.hypervisor.paging.TranslationCache;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.testing.FakeGrantAudit;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * Each way a translation can change, one at a time: the software TLB is filled through the guest's own accesses
 * (which go through it, as hypercall argument copies do), the tables change, and the next access and the cache must
 * agree with a fresh walk. Also the hand-placed generation bumps (pins, type changes, base switches, frees, death),
 * and that writes to data pages leave the cache alone.
 */
class TranslationCacheInvalidationTest {
    private static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    private static final int RO = _PAGE_PRESENT | _PAGE_ACCESSED;

    private TestHost host;
    private TestGuest dom0;
    private TestGuest d1;
    private TestGuest d2;
    private MachineMemory memory;
    private TranslationCache tlb;
    private GuestPageWalker oracle;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        dom0 = host.dom0();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        d2 = host.domU(2, TestHost.DEFAULT_DOMU_PAGES);
        memory = host.hv.machine().memory();
        tlb = host.hv.guestMemory().translationCache();
        oracle = new GuestPageWalker(memory);
    }

    /** A fresh page of {@code g}, read and written once so that the cache holds its writable translation. */
    private long warmPage(TestGuest g) {
        long va = g.va(g.allocPfn());
        g.write64(va, 0x1111);
        assertThat(g.read64(va)).isEqualTo(0x1111);
        long hits = tlb.hits();
        g.write64(va, 0x2222);
        assertThat(tlb.hits()).as("the second store hits the cache").isGreaterThan(hits);
        return va;
    }

    private void assertCoherent(TestGuest g, long va) {
        long root = g.vcpu().guestTable();
        for (boolean write : new boolean[] {false, true}) {
            assertThat(tlb.translate(root, va, write))
                    .as("%s of %#x", write ? "write" : "read", va)
                    .isEqualTo(oracle.translate(root, va, write));
        }
    }

    private long pte(TestGuest g, long va) {
        long maddr = g.l1EntryMaddr(va);
        return memory.read64(maddr >>> X86Paging.PAGE_SHIFT, (int) (maddr & 0xFFF));
    }

    @Test
    void updateVaMappingRemapIsSeenByTheNextLoad() {
        long va = warmPage(d1);
        long other = d1.allocPfn();
        d1.write64(d1.va(other), 0xBB);

        assertThat(d1.updateVaMapping(va, X86Paging.entry(d1.mfn(other), RW), UvmFlags.UVMF_NONE))
                .isZero();

        assertCoherent(d1, va);
        assertThat(d1.read64(va)).isEqualTo(0xBB);
    }

    @Test
    void mmuUpdateThatWriteProtectsAnL1EntryRefusesTheNextStore() {
        long va = warmPage(d1);
        long pfnMfn = X86Paging.mfn(pte(d1, va));

        assertThat(d1.mmuUpdate(d1.l1EntryMaddr(va), X86Paging.entry(pfnMfn, RO), 0x7FF0))
                .isZero();

        assertCoherent(d1, va);
        assertThatThrownBy(() -> d1.write64(va, 1)).isInstanceOf(GuestPageFault.class);
        assertThat(d1.read64(va)).isEqualTo(0x2222);
    }

    @Test
    void mmuUpdateThatClearsAnL1EntryFaultsTheNextLoad() {
        long va = warmPage(d1);

        assertThat(d1.mmuUpdate(d1.l1EntryMaddr(va), 0, 0x7FF0)).isZero();

        assertCoherent(d1, va);
        assertThatThrownBy(() -> d1.read64(va)).isInstanceOf(GuestPageFault.class);
    }

    @Test
    void grantHostMappingAndItsReplacementAreSeenAtOnce() {
        GrantMmu mmu = host.hv.subsystems().grantMmu();
        FakeGrantAudit grants = new FakeGrantAudit();
        host.hv.subsystems().addAudit(grants);
        long granted = d2.mfn(d2.allocPfn());
        memory.write64(granted, 0, 0xD2);
        long va = warmPage(d1);
        assertThat(mmu.getPage(granted, 2)).isTrue();
        assertThat(mmu.getWritableType(granted)).isTrue();

        assertThat(mmu.createGrantHostMapping(1, 0, va, granted, 1 << 1)).isZero();
        grants.vouch(1, granted);

        assertCoherent(d1, va);
        assertThat(d1.read64(va)).isEqualTo(0xD2);

        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, 0, 1 << 1)).isZero();
        grants.hostMappings.clear();
        mmu.putWritableType(granted);
        mmu.putPage(granted);

        assertCoherent(d1, va);
        assertThatThrownBy(() -> d1.read64(va)).isInstanceOf(GuestPageFault.class);
    }

    /** Any writer of a table frame (fast path, promote fix-up, steal, a bug) is caught where RAM is written. */
    @Test
    void everyKindOfRamWriteToAWalkedTableFrameVoidsTheCache() {
        long va = warmPage(d1);
        long l1 = d1.l1EntryMaddr(va) >>> X86Paging.PAGE_SHIFT;
        int off = (int) (d1.l1EntryMaddr(va) & 0xFFF);
        long entry = pte(d1, va);
        long spare = d1.mfn(d1.allocPfn());

        long g = memory.ptGeneration();
        memory.write64(l1, off, entry ^ _PAGE_RW);
        assertThat(memory.ptGeneration()).as("write64").isGreaterThan(g);
        assertCoherent(d1, va);
        memory.write64(l1, off, entry);

        warm(d1, va);
        g = memory.ptGeneration();
        memory.write8(l1, off, (int) (entry & 0xFF) & ~_PAGE_PRESENT);
        assertThat(memory.ptGeneration()).as("write8").isGreaterThan(g);
        assertCoherent(d1, va);
        memory.write64(l1, off, entry);

        warm(d1, va);
        g = memory.ptGeneration();
        memory.copy(spare, 0, l1, off, 8);
        assertThat(memory.ptGeneration()).as("copy").isGreaterThan(g);
        assertCoherent(d1, va);
        memory.write64(l1, off, entry);

        warm(d1, va);
        byte[] saved = new byte[X86Paging.PAGE_SIZE];
        memory.read(l1, 0, saved, 0, saved.length);
        g = memory.ptGeneration();
        memory.scrub(l1);
        assertThat(memory.ptGeneration()).as("scrub").isGreaterThan(g);
        assertCoherent(d1, va);
        memory.write(l1, 0, saved, 0, saved.length);

        warm(d1, va);
        g = memory.ptGeneration();
        memory.copyFrame(spare, l1);
        assertThat(memory.ptGeneration()).as("copyFrame").isGreaterThan(g);
        assertCoherent(d1, va);
        memory.write(l1, 0, saved, 0, saved.length);
        assertCoherent(d1, va);
    }

    private void warm(TestGuest g, long va) {
        g.read64(va);
        g.write64(va, g.read64(va));
    }

    @Test
    void writesToDataPagesKeepTheCache() {
        long va = warmPage(d1);
        long g = memory.ptGeneration();
        for (int i = 0; i < 100; i++) {
            d1.write64(va + 8 * i, i);
        }
        memory.write64(d2.mfn(d2.allocPfn()), 0, 1);
        assertThat(memory.ptGeneration()).isEqualTo(g);
    }

    @Test
    void pinUnpinTypeChangeAndBaseSwitchBumpTheGeneration() {
        long pfn = d1.allocPfn();
        long mfn = d1.mfn(pfn);
        assertThat(d1.updateVaMapping(d1.va(pfn), X86Paging.entry(mfn, RO), UvmFlags.UVMF_INVLPG))
                .isZero();

        long g = memory.ptGeneration();
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE, mfn, 0)).isZero();
        assertThat(memory.ptGeneration()).as("pin (and its type change)").isGreaterThan(g);

        g = memory.ptGeneration();
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_UNPIN_TABLE, mfn, 0)).isZero();
        assertThat(memory.ptGeneration()).as("unpin (and devalidation)").isGreaterThan(g);

        long root = d1.vcpu().guestTable();
        g = memory.ptGeneration();
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_NEW_USER_BASEPTR, root, 0)).isZero();
        assertThat(memory.ptGeneration()).as("new user base").isGreaterThan(g);
        assertCoherent(d1, d1.va(pfn));
    }

    @Test
    void aDestroyedDomainsTranslationsDieWithIt() {
        long va = warmPage(d2);
        long root = d2.vcpu().guestTable();
        long g = memory.ptGeneration();

        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, 2)))
                .isZero();

        assertThat(memory.ptGeneration()).isGreaterThan(g);
        for (boolean write : new boolean[] {false, true}) {
            assertThat(tlb.translate(root, va, write)).isEqualTo(oracle.translate(root, va, write));
        }
    }
}
