package org.pvsim.hypervisor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlCreateDomainDescriptor;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuContextDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.machine.FrameAllocator;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * A domain's life ({@code xen/common/domain.c}): created paused, shut down with the first reason latched and every
 * vCPU paused, destroyed with every frame back in the pool — at once, or when the last foreign reference goes.
 */
class DomainLifecycleTest {
    private static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    private static final int RO = _PAGE_PRESENT | _PAGE_ACCESSED;

    private TestHost host;
    private TestGuest dom0;
    private FrameAllocator allocator;
    private final List<String> virqs = new ArrayList<>();

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        dom0 = host.dom0();
        allocator = host.hv.machine().allocator();
        host.hv.lifecycle().setVirqSink((domid, vcpu, virq, now) -> virqs.add("d" + domid + ":" + virq));
        host.auditAfterEveryHypercall();
    }

    @AfterEach
    void audit() {
        host.assertNoViolationsAfterCalls();
        host.assertAudit();
    }

    private long destroy(int domid) {
        return dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, domid));
    }

    private int domInfoFlags(int domid) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid);
        assertThat(dom0.domctl(op)).isZero();
        return LittleEndian.getI32(
                op, DomctlDescriptor.U_GETDOMAININFO_OFFSET + DomctlGetDomainInfoDescriptor.FLAGS_OFFSET);
    }

    @Test
    void newDomainStartsPausedAndRunsOnlyOnceUnpausedAndGivenAContext() {
        byte[] create = Structs.domctl(DomctlCmd.XEN_DOMCTL_createdomain, DomId.DOMID_ANY);
        LittleEndian.putI32(
                create, DomctlDescriptor.U_CREATEDOMAIN_OFFSET + DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET, 1);
        assertThat(dom0.domctl(create)).isZero();
        int domid = LittleEndian.getU16(create, DomctlDescriptor.DOMAIN_OFFSET);
        Domain d = host.hv.domains().get(domid);
        assertThat(d.controllerPauseCount()).isEqualTo(1);
        assertThat(domInfoFlags(domid) & DomInfoFlags.XEN_DOMINF_paused).isNotZero();

        byte[] maxMem = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_mem, domid);
        LittleEndian.putI64(maxMem, DomctlDescriptor.U_MAX_MEM_OFFSET + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, 64);
        assertThat(dom0.domctl(maxMem)).isZero();
        long list = dom0.scratch(8);
        assertThat(dom0.call(
                        Hypercall.memory_op,
                        MemoryOp.XENMEM_increase_reservation.code,
                        dom0.put(Structs.reservation(list, 1, 0, domid))))
                .isEqualTo(1);
        byte[] ctx = Structs.domctl(DomctlCmd.XEN_DOMCTL_setvcpucontext, domid);
        LittleEndian.putI64(
                ctx,
                DomctlDescriptor.U_VCPUCONTEXT_OFFSET + DomctlVcpuContextDescriptor.CTXT_OFFSET,
                dom0.put(Structs.vcpuContext(StartOfDayLayout.VIRT_BASE, 0, dom0.read64(list), true)));
        assertThat(dom0.domctl(ctx)).isZero();
        assertThat(d.vcpu(0).isRunnable())
                .as("online, but the domain is paused")
                .isFalse();

        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_unpausedomain, domid)))
                .isZero();

        assertThat(d.vcpu(0).isRunnable()).isTrue();
        assertThat(d.isCreationFinished()).isTrue();
    }

    @Test
    void shutdownLatchesTheFirstReasonCompletesAndTellsDom0() {
        TestGuest d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES, 3);
        long reason = d1.scratch(8);
        d1.write32(reason, ShutdownReason.SHUTDOWN_reboot.code);
        assertThat(d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_shutdown.code, reason))
                .isZero();
        d1.write32(reason, ShutdownReason.SHUTDOWN_poweroff.code);
        assertThat(d1.onVcpu(0).call(Hypercall.sched_op, SchedOp.SCHEDOP_shutdown.code, reason))
                .isZero();

        Domain d = d1.domain;
        assertThat(d.isShutDown()).isTrue();
        assertThat(d.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_reboot.code);
        for (int i = 0; i < d.maxVcpus(); i++) {
            assertThat(d.vcpu(i).isPausedForShutdown()).isTrue();
            assertThat(d.vcpu(i).isRunnable()).isFalse();
        }
        assertThat(virqs).as("VIRQ_DOM_EXC goes to dom0 once").containsOnlyOnce("d0:" + Virq.VIRQ_DOM_EXC.code);
        int flags = domInfoFlags(1);
        assertThat(flags & DomInfoFlags.XEN_DOMINF_shutdown).isNotZero();
        assertThat(DomInfoFlags.shutdownCode(flags)).isEqualTo(ShutdownReason.SHUTDOWN_reboot.code);
    }

    @Test
    void destroyingABusyDomainReturnsEveryFrameToThePool() {
        int freeBefore = host.freeFrames();
        TestGuest d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES, 2);
        assertThat(host.freeFrames()).isLessThan(freeBefore);
        busy(d1);

        assertThat(destroy(1)).isZero();

        assertThat(host.freeFrames()).isEqualTo(freeBefore);
        assertThat(host.hv.domains().get(1)).isNull();
        assertThat(virqs).contains("d0:" + Virq.VIRQ_DOM_EXC.code);
    }

    /** Gives {@code g} every kind of reference a domain can hold: pins, trees, linear entries, bases, extra memory. */
    private void busy(TestGuest g) {
        int self = DomId.DOMID_SELF;
        long data = g.allocPfn();
        long l1 = g.readOnlyPfn();
        long l2 = g.readOnlyPfn();
        long l3 = g.readOnlyPfn();
        assertThat(g.mmuUpdate(
                        new long[] {
                            TestGuest.entryMaddr(g.mfn(l1), 0),
                            TestGuest.entryMaddr(g.mfn(l1), 1),
                            TestGuest.entryMaddr(g.mfn(l2), 0),
                            TestGuest.entryMaddr(g.mfn(l2), 1),
                            TestGuest.entryMaddr(g.mfn(l3), 0)
                        },
                        new long[] {
                            X86Paging.entry(g.mfn(data), RW),
                            X86Paging.entry(g.mfn(data), RO),
                            X86Paging.entry(g.mfn(l1), StartOfDayLayout.UPPER_PROT),
                            X86Paging.entry(g.mfn(l2), RO),
                            X86Paging.entry(g.mfn(l2), StartOfDayLayout.UPPER_PROT)
                        },
                        self,
                        0))
                .isZero();
        assertThat(g.mmuext(MmuextCmd.MMUEXT_PIN_L3_TABLE, g.mfn(l3), 0)).isZero();
        assertThat(g.mmuUpdate(
                        TestGuest.entryMaddr(g.l4Mfn(), 7),
                        X86Paging.entry(g.mfn(l3), StartOfDayLayout.UPPER_PROT),
                        self))
                .isZero();
        assertThat(g.mmuUpdate(TestGuest.entryMaddr(g.l4Mfn(), 8), X86Paging.entry(g.l4Mfn(), RO), self))
                .isZero();
        long copy = g.allocPfn();
        g.write(g.va(copy), g.read(g.va(g.layout.l4Pfn()), X86Paging.PAGE_SIZE));
        assertThat(g.updateVaMapping(g.va(copy), X86Paging.entry(g.mfn(copy), RO), 0))
                .isZero();
        assertThat(g.mmuext(MmuextCmd.MMUEXT_NEW_USER_BASEPTR, g.mfn(copy), 0)).isZero();
        assertThat(g.mmuext(MmuextCmd.MMUEXT_NEW_BASEPTR, g.mfn(copy), 0)).isZero();
        long shared = g.allocPfn();
        assertThat(g.updateVaMapping(g.va(shared), X86Paging.entry(g.domain.sharedInfoMfn(), RW), 0))
                .isZero();
        byte[] maxMem = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_mem, g.domid());
        LittleEndian.putI64(maxMem, DomctlDescriptor.U_MAX_MEM_OFFSET, (g.domain.totPages() + 8) * 4);
        assertThat(dom0.domctl(maxMem)).isZero();
        assertThat(g.call(
                        Hypercall.memory_op,
                        MemoryOp.XENMEM_increase_reservation.code,
                        g.put(Structs.reservation(0, 2, 2, self))))
                .isEqualTo(2);
    }

    @Test
    void frameDom0StillMapsReturnsToThePoolOnlyWhenDom0DropsIt() {
        int freeBefore = host.freeFrames();
        TestGuest d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        long foreign = d1.mfn(d1.allocPfn());
        long slot = dom0.allocPfn();
        long ptr = dom0.l1EntryMaddr(dom0.va(slot));
        long ownMfn = dom0.mfn(slot);
        assertThat(dom0.mmuUpdate(ptr, X86Paging.entry(foreign, RW), 1)).isZero();
        long sharedSlot = dom0.allocPfn();
        long sharedPtr = dom0.l1EntryMaddr(dom0.va(sharedSlot));
        assertThat(dom0.mmuUpdate(sharedPtr, X86Paging.entry(d1.domain.sharedInfoMfn(), RO), 1))
                .isZero();

        assertThat(destroy(1)).isZero();

        Domain dead = host.hv.domains().get(1);
        assertThat(dead).as("held by dom0's mappings").isNotNull();
        assertThat(dead.dying()).isEqualTo(Domain.Dying.DOMDYING_dead);
        assertThat(domInfoFlags(1) & DomInfoFlags.XEN_DOMINF_dying).isNotZero();
        assertThat(allocator.isFree(foreign)).isFalse();
        assertThat(host.freeFrames()).isEqualTo(freeBefore - 2);
        assertThat(destroy(1)).as("destroying a dead domain again is harmless").isZero();
        assertThat(dom0.read64(dom0.va(slot))).as("dom0 still sees the frame").isZero();

        assertThat(dom0.mmuUpdate(ptr, X86Paging.entry(ownMfn, RW), DomId.DOMID_SELF))
                .isZero();
        assertThat(allocator.isFree(foreign)).isTrue();
        assertThat(host.hv.domains().get(1)).as("shared_info is still mapped").isNotNull();

        assertThat(dom0.mmuUpdate(sharedPtr, X86Paging.entry(dom0.mfn(sharedSlot), RW), DomId.DOMID_SELF))
                .isZero();
        assertThat(host.hv.domains().get(1)).isNull();
        assertThat(host.freeFrames()).isEqualTo(freeBefore);
    }

    @Test
    void destroyedDomainsIdCanBeUsedAgain() {
        host.domU(5, TestHost.DEFAULT_DOMU_PAGES);
        assertThat(destroy(5)).isZero();
        assertThat(destroy(5)).as("gone").isEqualTo(Errno.ESRCH.neg());
        byte[] create = Structs.domctl(DomctlCmd.XEN_DOMCTL_createdomain, 5);
        LittleEndian.putI32(
                create, DomctlDescriptor.U_CREATEDOMAIN_OFFSET + DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET, 1);
        assertThat(dom0.domctl(create)).isZero();
        assertThat(host.hv.domains().get(5).totPages()).isZero();
    }

    @Test
    void destroyingANewDomainWithNoMemoryFreesItsSharedInfo() {
        int freeBefore = host.freeFrames();
        byte[] create = Structs.domctl(DomctlCmd.XEN_DOMCTL_createdomain, DomId.DOMID_ANY);
        LittleEndian.putI32(
                create, DomctlDescriptor.U_CREATEDOMAIN_OFFSET + DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET, 2);
        assertThat(dom0.domctl(create)).isZero();
        assertThat(host.freeFrames()).isEqualTo(freeBefore - 1);

        assertThat(destroy(LittleEndian.getU16(create, DomctlDescriptor.DOMAIN_OFFSET)))
                .isZero();

        assertThat(host.freeFrames()).isEqualTo(freeBefore);
    }
}
