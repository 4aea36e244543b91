package org.pvsim.guest.api;

import java.util.Map;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.xenbus.XenbusFrontendBus;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * The services pvsim's PV kernel offers the workloads it runs (and dom0's toolstack, which is one): its view of the
 * domain's memory, its page allocator, typed hypercalls, foreign mappings and the console.
 *
 * <p>Memory model: pseudo-physical page {@code pfn} is mapped at {@link #va(long)} in the kernel's initial mapping,
 * read-write, except pages in use as page tables, which are read-only there (Xen refuses a writable mapping of a
 * page table). The P2M ({@link #mfn(long)}) says which machine frame backs each page; Xen's read-only M2P
 * ({@link #pfnOfMfn}) says the reverse. Pages are handed out by a deterministic allocator: the lowest free page first.
 *
 * <p>Methods that touch guest memory or make hypercalls take the {@link GuestCpu} of the current step; they act as
 * that vCPU.
 */
public interface Kernel {
    /** A {@link #mfn(long)} value for a page with no machine frame behind it (ballooned out). */
    long INVALID_MFN = ~0L;

    /** A {@link #allocPfn()} result when no page is free. */
    long NO_PAGE = -1;

    /** The {@code start_info} the domain booted with. */
    StartInfo startInfo();

    /** The name of the workload this kernel runs. */
    String workloadName();

    /** The workload's arguments, every one with its default filled in, in the workload's declared order. */
    Map<String, String> args();

    /** vCPUs the domain has (found by probing {@code VCPUOP_is_up} until {@code -ENOENT}). */
    int vcpusAvailable();

    /** vCPUs this kernel brought online, vCPU 0 included. */
    int onlineVcpus();

    /** {@code SIF_PRIVILEGED}: the domain may use domctl, sysctl and foreign mappings. */
    boolean isPrivileged();

    // -------------------------------------------------------------------------------------------------------------
    // memory

    /** Pages of the domain's pseudo-physical space ({@code start_info.nr_pages}). */
    long nrPages();

    /** The lowest free page, now the caller's; or {@link #NO_PAGE}. Its contents are whatever it last held. */
    long allocPfn();

    /**
     * Returns a page {@link #allocPfn()} gave. It must be mapped read-write again (not a page table) if it was changed.
     *
     * @throws IllegalStateException if the page is not allocated (a double free)
     */
    void freePfn(long pfn);

    /** Free pages. */
    long freePages();

    /** The virtual address of page {@code pfn} in the initial mapping. */
    long va(long pfn);

    /** The page an initial-mapping address lies in. */
    long pfnOfVa(long va);

    /** The machine frame behind page {@code pfn} (the P2M), or {@link #INVALID_MFN}. */
    long mfn(long pfn);

    /**
     * Updates the P2M: page {@code pfn} is now backed by {@code mfn} (or {@link #INVALID_MFN}). The kernel keeps its
     * copy and the {@code mfn_list} in guest memory, which the tools read, equal.
     */
    void setMfn(GuestCpu cpu, long pfn, long mfn);

    /** The page machine frame {@code mfn} backs, read from Xen's read-only M2P table. */
    long pfnOfMfn(GuestCpu cpu, long mfn);

    /** The page of the kernel's L4 ({@code start_info.pt_base}), its page-table base on every vCPU. */
    long kernelL4Pfn();

    /** The machine frame of the kernel's L4. */
    long kernelL4Mfn();

    /**
     * The machine address of the L1 entry that maps page {@code pfn} in the initial mapping: the {@code ptr} of an
     * {@code mmu_update} that changes how the kernel sees the page.
     */
    long pteMachineAddress(long pfn);

    /**
     * Maps page {@code pfn} read-only in the initial mapping, as a page must be before Xen accepts it as a page table.
     *
     * @throws KernelPanic if Xen refuses
     */
    void makeReadOnly(GuestCpu cpu, long pfn);

    /**
     * Maps page {@code pfn} read-write again, once it is no longer a page table.
     *
     * @throws KernelPanic if Xen refuses (the page is still a page table)
     */
    void makeWritable(GuestCpu cpu, long pfn);

    // -------------------------------------------------------------------------------------------------------------
    // hypervisor services

    /** The typed hypercall wrappers of {@code cpu}'s vCPU. */
    Hypercalls hypercalls(GuestCpu cpu);

    /**
     * The kernel's event channels, acting as {@code cpu}: bind ports with a handler each ({@code allocUnbound},
     * {@code bindInterdomain}, {@code bindVirq}, {@code bindIpi}), {@code send}, {@code close}, {@code status},
     * {@code mask} / {@code unmask}. Handlers run in the kernel's upcall, a step of its own, with events masked on
     * that vCPU. Without event channels in the hypervisor ({@link GuestEvents#isAvailable()} false) every call
     * answers {@code -ENOSYS}.
     */
    GuestEvents events(GuestCpu cpu);

    /**
     * The kernel's grant table, acting as {@code cpu}: set up on first use ({@code GNTTABOP_setup_table}, its frames
     * mapped into the kernel), free references, grant and end access, map, unmap and copy other domains' grants.
     * Without grant tables in the hypervisor its calls answer {@code -ENOSYS}.
     */
    GuestGrants grants(GuestCpu cpu);

    /** The foreign-mapping window (Linux's privcmd), acting as {@code cpu}. Useful only in a privileged domain. */
    ForeignMappings foreign(GuestCpu cpu);

    /**
     * Whether the kernel has a xenstore connection: it is a domU whose {@code start_info} names a store page ({@code
     * store_mfn}) and event channel ({@code store_evtchn}), and it found the page at boot. dom0 runs xenstored itself
     * and answers false.
     */
    default boolean hasXenstore() {
        return false;
    }

    /**
     * The kernel's xenstore client, acting as {@code cpu}: asynchronous requests over the store ring whose replies
     * and watch events run callbacks from the store port's event handler (see {@link XenstoreClient}).
     *
     * @throws IllegalStateException if {@link #hasXenstore()} is false
     */
    default XenstoreClient xenstore(GuestCpu cpu) {
        throw new IllegalStateException("this kernel has no xenstore connection");
    }

    /**
     * The kernel's xenbus frontend bus: created at boot when the kernel has xenstore ({@link #hasXenstore()}), with
     * every frontend driver registered ({@code FrontendDrivers}); it finds and probes the domain's {@code
     * device/<type>/<id>} nodes. Null without xenstore. Workloads find their devices in {@link
     * XenbusFrontendBus#devices()}.
     */
    default XenbusFrontendBus xenbus() {
        return null;
    }

    /**
     * Writes one line to the console; the newline is added. A domU with a console page ({@code
     * start_info.console.domU}) writes it into the page's {@code out} ring for xenconsoled, as Linux's {@code
     * hvc_xen}; dom0 and a kernel without a console page use {@code CONSOLEIO_write}, Xen's own console.
     */
    void printk(GuestCpu cpu, String line);

    /** Powers the domain off ({@code SCHEDOP_shutdown}, {@code SHUTDOWN_poweroff}): the workload is done. */
    void poweroff(GuestCpu cpu);

    /**
     * Panics: prints {@code message} and crashes the domain ({@code SHUTDOWN_crash}), as Linux's panic does on Xen.
     *
     * @return the exception to throw, so that callers write {@code throw kernel.panic(cpu, "...")}
     */
    KernelPanic panic(GuestCpu cpu, String message);
}
