package org.pvsim.guest;

import org.pvsim.guest.api.StartInfo;
import org.pvsim.guest.console.ConsoleRing;
import org.pvsim.guest.evtchn.EventChannelOp;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * How a domU kernel finds its console and xenstore pages at boot, as Linux's {@code xen_start_kernel}/{@code
 * hvc_xen}/{@code xenbus_init} do for a PV guest: {@code start_info} names each page by machine frame ({@code
 * console.domU.mfn}, {@code store_mfn}) and gives its event channel; the M2P turns the frame into one of the domain's
 * own pages, which the initial mapping already maps. A page that is not the domain's (the M2P disagrees with the
 * P2M) is refused with a console line. The ports were allocated for the domain by the toolstack (unbound, remote
 * dom0); the kernel only takes them over ({@link GuestEvents#bindExisting}). dom0 ({@code SIF_INITDOMAIN}), and any
 * kernel whose page or port is 0, keeps Xen's console ({@code CONSOLEIO_write}) and has no xenstore client.
 */
final class XenBoot {
    private XenBoot() {}

    /** The console writer, before events exist (sends go straight to {@code EVTCHNOP_send}); or null. */
    static ConsoleRing console(PvKernel kernel, GuestCpu cpu, StartInfo si) {
        if (si.isInitialDomain() || si.consoleMfn() == 0 || si.consoleEvtchn() == 0) {
            return null;
        }
        long pfn = ownPage(kernel, cpu, si.consoleMfn());
        if (pfn < 0) {
            kernel.printk(
                    cpu,
                    String.format(
                            "hvc: console page mfn %#x is not this domain's: using the hypervisor" + " console",
                            si.consoleMfn()));
            return null;
        }
        int port = si.consoleEvtchn();
        return new ConsoleRing(kernel.va(pfn), port, c -> (int) EventChannelOp.send(kernel.hypercalls(c), port));
    }

    /** Gives the console's port its handler (xenconsoled notifies it after consuming). */
    static void bindConsole(PvKernel kernel, GuestCpu cpu, ConsoleRing console, GuestEvents events) {
        if (console == null || !events.isAvailable()) {
            return;
        }
        int rc = events.bind(cpu, kernel.hypercalls(cpu)).bindExisting(console.port(), console::handleEvent);
        if (rc < 0) {
            kernel.printk(cpu, "hvc: cannot bind console port " + console.port() + ": " + Errno.describe(rc));
        }
    }

    /** The xenstore client, its port bound to its handler; or null. */
    static XenstoreClient xenstore(PvKernel kernel, GuestCpu cpu, StartInfo si, GuestEvents events) {
        if (si.isInitialDomain() || si.storeMfn() == 0 || si.storeEvtchn() == 0) {
            return null;
        }
        if (!events.isAvailable()) {
            kernel.printk(cpu, "xenbus: no event channels: no xenstore");
            return null;
        }
        long pfn = ownPage(kernel, cpu, si.storeMfn());
        if (pfn < 0) {
            kernel.printk(
                    cpu, String.format("xenbus: store page mfn %#x is not this domain's: no xenstore", si.storeMfn()));
            return null;
        }
        int port = si.storeEvtchn();
        XenstoreClient xs =
                new XenstoreClient(kernel.va(pfn), port, c -> kernel.events(c).send(port), kernel::printk);
        int rc = events.bind(cpu, kernel.hypercalls(cpu)).bindExisting(port, xs::handleEvent);
        if (rc < 0) {
            kernel.printk(cpu, "xenbus: cannot bind store port " + port + ": " + Errno.describe(rc));
            return null;
        }
        kernel.printk(cpu, "xenbus: xenstore ring at pfn " + pfn + ", event channel " + port);
        return xs.bind(cpu);
    }

    /** The domain's page behind {@code mfn}, or -1 if the M2P names none of its pages or the P2M disagrees. */
    private static long ownPage(PvKernel kernel, GuestCpu cpu, long mfn) {
        long pfn = kernel.pfnOfMfn(cpu, mfn);
        if (pfn < 0 || pfn >= kernel.nrPages() || kernel.mfn(pfn) != mfn) {
            return -1;
        }
        return pfn;
    }
}
