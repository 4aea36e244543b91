package org.pvsim.dom0.toolstack;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.evtchn.EventChannelOp;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.VcpuContextImage;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlVcpuContextDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.VgcfFlags;

/**
 * Lays out a new PV domain's memory and boots its first vCPU, as libxenguest's {@code xc_dom_*} builder does for
 * {@code xl create}, through hypercalls only: {@code XENMEM_populate_physmap} gives the domain its pages; each page
 * of the start-of-day layout ({@link StartOfDayLayout}: kernel image, P2M, start_info, bootstrap page tables) is
 * written through a temporary foreign mapping in dom0; the bootstrap L4 is pinned with {@code MMUEXT_PIN_L4_TABLE}
 * naming the new domain, which makes Xen validate the whole tree; and {@code XEN_DOMCTL_setvcpucontext} sets vCPU 0
 * at the kernel's entry, online.
 *
 * <p>Every page-table page is unmapped from dom0 before the pin: a page dom0 still maps writable cannot become a page
 * table, and Xen would refuse the pin.
 */
final class PvDomainImageBuilder {
    private final Kernel kernel;
    private final GuestCpu cpu;
    private final Hypercalls hc;
    private final ForeignMappings foreign;

    PvDomainImageBuilder(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        this.cpu = cpu;
        this.hc = kernel.hypercalls(cpu);
        this.foreign = kernel.foreign(cpu);
    }

    /**
     * What the build gave the domain for its xenstore and console connections: each ring page's machine frame and
     * the unbound port (remote dom0) that {@code start_info} names, for {@code XS_INTRODUCE} and xenconsoled. Ports
     * are 0 on a hypervisor without event channels (the guest then has no xenstore and writes its console through
     * {@code CONSOLEIO_write}).
     */
    record RingPages(long storeMfn, int storePort, long consoleMfn, int consolePort) {}

    /**
     * Builds domain {@code domid}, created and sized already, whose shared_info is frame {@code sharedInfoMfn}. The
     * xenstore and console pages of the start-of-day layout each get a port, allocated as {@code libxl__build_pre}
     * does ({@code EVTCHNOP_alloc_unbound} in the new domain, remote dom0): store first, then console.
     */
    RingPages build(int domid, DomainBuildSpec spec, long sharedInfoMfn) throws ToolstackException {
        int pages = spec.pages();
        StartOfDayLayout layout;
        try {
            layout = StartOfDayLayout.plan(pages, true);
        } catch (IllegalArgumentException e) {
            throw new ToolstackException(e.getMessage());
        }
        long[] mfns = new long[pages];
        for (int pfn = 0; pfn < pages; pfn++) {
            mfns[pfn] = pfn;
        }
        long done = hc.memoryReservation(MemoryOp.XENMEM_populate_physmap, mfns, pages, 0, domid);
        if (done != pages) {
            throw new ToolstackException("populating " + pages + " pages failed after " + Math.max(done, 0)
                    + (done < 0 ? " (" + org.pvsim.hypervisor.abi.Errno.describe(done) + ")" : "")
                    + ": the host is out of memory");
        }
        write(domid, mfns[(int) layout.kernelPfn()], StartOfDayLayout.kernelPage(spec.kernel()));
        for (int i = 0; i < layout.p2mPages(); i++) {
            write(domid, mfns[(int) layout.p2mPfn() + i], layout.p2mPage(i, mfns));
        }
        int storePort = ringPort(domid, "xenstore");
        int consolePort = storePort == 0 ? 0 : ringPort(domid, "console");
        byte[] startInfo;
        try {
            startInfo =
                    layout.startInfoPage(mfns, sharedInfoMfn << PAGE_SHIFT, 0, storePort, consolePort, spec.cmdline());
        } catch (IllegalArgumentException e) {
            throw new ToolstackException(e.getMessage());
        }
        write(domid, mfns[(int) layout.startInfoPfn()], startInfo);
        for (long pfn = layout.l4Pfn(); pfn < layout.l4Pfn() + layout.nrPtFrames(); pfn++) {
            write(domid, mfns[(int) pfn], layout.pageTablePage(pfn, mfns));
        }
        long l4 = mfns[(int) layout.l4Pfn()];
        long rc = hc.mmuext(MmuextCmd.MMUEXT_PIN_L4_TABLE, l4, 0, domid);
        if (rc != 0) {
            throw ToolstackException.failed("pinning the bootstrap page tables", rc);
        }
        byte[] context = VcpuContextImage.kernelEntry(
                StartOfDayLayout.va(layout.kernelPfn()),
                layout.initialStackPointer(),
                StartOfDayLayout.va(layout.startInfoPfn()),
                l4,
                VgcfFlags.VGCF_in_kernel | VgcfFlags.VGCF_online);
        long buffer = hc.buffer(context.length);
        cpu.write(buffer, context, 0, context.length);
        byte[] op = Domctl.op(DomctlCmd.XEN_DOMCTL_setvcpucontext, domid);
        LittleEndian.putI32(op, Domctl.U + DomctlVcpuContextDescriptor.VCPU_OFFSET, 0);
        LittleEndian.putI64(op, Domctl.U + DomctlVcpuContextDescriptor.CTXT_OFFSET, buffer);
        rc = hc.domctl(op);
        if (rc != 0) {
            throw ToolstackException.failed("setting vCPU 0's context", rc);
        }
        return new RingPages(mfns[(int) layout.storePfn()], storePort, mfns[(int) layout.consolePfn()], consolePort);
    }

    /**
     * An unbound port in domain {@code domid} for dom0 ({@code xc_evtchn_alloc_unbound}), or 0 on a hypervisor
     * without event channels.
     */
    private int ringPort(int domid, String ring) throws ToolstackException {
        long port = EventChannelOp.allocUnbound(hc, domid, 0);
        if (port == Errno.ENOSYS.neg()) {
            return 0;
        }
        if (port <= 0) {
            throw ToolstackException.failed("allocating the " + ring + " event channel", port);
        }
        return (int) port;
    }

    /** Writes a whole page of the new domain through a temporary writable foreign mapping. */
    private void write(int domid, long mfn, byte[] page) throws ToolstackException {
        long va = foreign.map(domid, mfn, true);
        if (ForeignMappings.isError(va)) {
            throw ToolstackException.failed("mapping frame " + mfn + " of d" + domid, va);
        }
        cpu.write(va, page, 0, PAGE_SIZE);
        foreign.unmap(va);
    }
}
