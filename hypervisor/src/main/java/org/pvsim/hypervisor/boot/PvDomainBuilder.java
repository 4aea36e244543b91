package org.pvsim.hypervisor.boot;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.StartInfoFlags;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.mm.PageRefs;
import org.pvsim.hypervisor.mm.PageTypes;

/**
 * Builds a PV domain from inside the hypervisor, as Xen's {@code dom0_construct_pv} does for dom0
 * ({@code xen/arch/x86/pv/dom0_build.c}) and its dom0less boot does for domUs: the domain's memory laid out by
 * {@link StartOfDayLayout}, its bootstrap L4 pinned and installed as vCPU 0's base, vCPU 0 online at the kernel's
 * entry with RSI pointing at {@code start_info}, and the domain unpaused.
 *
 * <p>It writes machine memory directly, as the hypervisor may. dom0 is built this way at boot; the toolstack builds
 * domUs through hypercalls instead, and tests use this builder for domUs they need without a toolstack.
 */
public final class PvDomainBuilder {
    /** The event-channel limit of a domain built here, as xl's default. */
    public static final int MAX_EVTCHN_PORT = 1023;
    /** The grant-frame limit ({@code gnttab_max_frames} default). */
    public static final int MAX_GRANT_FRAMES = 64;
    /** The maptrack-frame limit ({@code gnttab_max_maptrack_frames} default). */
    public static final int MAX_MAPTRACK_FRAMES = 1024;
    /**
     * The highest grant-table version: the host's ({@code opt_gnttab_max_version}, 2 on x86), as {@code
     * create_dom0} gives dom0 ({@code XEN_DOMCTL_GRANT_version(opt_gnttab_max_version)}).
     */
    public static final int MAX_GRANT_VERSION = Domain.OPT_GNTTAB_MAX_VERSION;

    private PvDomainBuilder() {}

    /**
     * Builds dom0 on {@code hv}: domain 0, privileged and the hardware domain, without xenstore or console rings.
     *
     * @throws IllegalArgumentException if the machine cannot hold dom0 (the host configuration is wrong)
     */
    public static Domain buildDom0(Hypervisor hv, int nrPages, int nrVcpus, String kernel, String cmdline) {
        return build(hv, DomId.DOM0, true, nrPages, nrVcpus, kernel, cmdline);
    }

    /**
     * Builds a domain with id {@code domid}: the hardware domain (dom0) if {@code dom0}, else an unprivileged domU
     * with xenstore and console ring pages.
     *
     * @throws IllegalArgumentException if the id is taken or the machine cannot hold the domain
     */
    public static Domain build(
            Hypervisor hv, int domid, boolean dom0, int nrPages, int nrVcpus, String kernel, String cmdline) {
        if (nrVcpus < 1) {
            throw new IllegalArgumentException("d" + domid + " needs at least one vCPU, not " + nrVcpus);
        }
        if (hv.domains().allocateId(domid) != domid) {
            throw new IllegalArgumentException("domain id " + domid + " is not free");
        }
        StartOfDayLayout layout = StartOfDayLayout.plan(nrPages, !dom0);
        long at = hv.now();
        Domain d = hv.lifecycle()
                .create(
                        domid,
                        dom0,
                        dom0,
                        nrVcpus,
                        new byte[16],
                        MAX_EVTCHN_PORT,
                        MAX_GRANT_FRAMES,
                        MAX_MAPTRACK_FRAMES,
                        MAX_GRANT_VERSION,
                        at);
        if (d == null) {
            throw new IllegalArgumentException("d" + domid + " could not be created: "
                    + (hv.lifecycle().lastCreateError() == Errno.ENOMEM.neg()
                            ? "the machine has no memory left for its shared_info page"
                            : "error " + hv.lifecycle().lastCreateError()));
        }
        d.setMaxPages(nrPages);
        PageRefs refs = hv.pageRefs();
        long[] mfns = new long[nrPages];
        for (int pfn = 0; pfn < nrPages; pfn++) {
            long mfn = refs.allocate(d, 0, false);
            if (mfn < 0) {
                throw new IllegalArgumentException("the machine's memory cannot hold d" + domid + "'s " + nrPages
                        + " pages (" + (long) nrPages * 4 + " KiB)");
            }
            mfns[pfn] = mfn;
            refs.frames().setM2p(mfn, pfn);
        }
        MachineMemory memory = hv.machine().memory();
        write(memory, mfns[0], StartOfDayLayout.kernelPage(kernel));
        for (int i = 0; i < layout.p2mPages(); i++) {
            write(memory, mfns[(int) layout.p2mPfn() + i], layout.p2mPage(i, mfns));
        }
        write(
                memory,
                mfns[(int) layout.startInfoPfn()],
                layout.startInfoPage(
                        mfns,
                        d.sharedInfoMfn() << PAGE_SHIFT,
                        dom0 ? StartInfoFlags.SIF_PRIVILEGED | StartInfoFlags.SIF_INITDOMAIN : 0,
                        0,
                        0,
                        cmdline));
        for (long pfn = layout.l4Pfn(); pfn < layout.l4Pfn() + layout.nrPtFrames(); pfn++) {
            write(memory, mfns[(int) pfn], layout.pageTablePage(pfn, mfns));
        }
        long l4 = mfns[(int) layout.l4Pfn()];
        PageTypes types = hv.pageTypes();
        int rc = types.getPageAndTypeFromMfn(l4, PageType.PGT_root_page_table, domid);
        if (rc != 0) {
            throw new IllegalStateException("d" + domid + "'s bootstrap page tables failed validation: " + rc);
        }
        refs.frames().setPinned(l4, true);
        Vcpu v0 = d.vcpu(0);
        rc = types.getPageAndTypeFromMfn(l4, PageType.PGT_root_page_table, domid);
        if (rc != 0) {
            throw new IllegalStateException("d" + domid + "'s L4 could not become vCPU 0's base: " + rc);
        }
        v0.setGuestTable(l4);
        v0.setContext(
                StartOfDayLayout.va(layout.kernelPfn()),
                layout.initialStackPointer(),
                StartOfDayLayout.va(layout.startInfoPfn()));
        v0.setInitialised(true);
        hv.lifecycle().vcpuUp(v0, at);
        hv.lifecycle().unpauseByController(d, at);
        return d;
    }

    private static void write(MachineMemory memory, long mfn, byte[] page) {
        memory.write(mfn, 0, page, 0, PAGE_SIZE);
    }
}
