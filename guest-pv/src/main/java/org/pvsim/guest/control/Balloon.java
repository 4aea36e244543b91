package org.pvsim.guest.control;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;

import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.MulticallBatch;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.guest.xenstore.XsReply;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * The balloon driver, Linux's {@code drivers/xen/xen-balloon.c} (the {@code memory/target} watch) and {@code
 * balloon.c} (the worker): the toolstack writes a target in KiB ({@code xl mem-set}); the kernel converts it to
 * pages and moves towards it in batches of at most {@link #BATCH_PAGES} pages, one batch per kernel work step
 * ({@link #work}), as {@code balloon_process} does one {@code frame_list} at a time.
 *
 * <ul>
 *   <li><b>Out</b> ({@code decrease_reservation}): takes free pages from the kernel's allocator, unmaps them from the
 *       initial mapping, marks them invalid in the P2M and gives their frames back with {@code
 *       XENMEM_decrease_reservation}. The pages stay allocated to the balloon, so nothing else uses them.
 *   <li><b>In</b> ({@code increase_reservation}): asks {@code XENMEM_populate_physmap} for frames behind ballooned
 *       pages (the last ballooned out first), maps them and returns the pages to the allocator.
 * </ul>
 *
 * <p>As in Linux, the kernel can only grow back into pages it ballooned out ({@code current_target} caps the target
 * at current plus ballooned pages; pvsim has no memory hotplug): above that, {@link #target()} stays the toolstack's
 * and the balloon stops at {@link #currentPages()}. Out of free pages, or refused by Xen (a domain at its {@code
 * max_pages}), the balloon stops where it is, with a console line, until the next target ({@code BP_EAGAIN} without
 * the retry timer). As Linux, it writes nothing back to xenstore. Counts are pages; xenstore's are KiB.
 */
public final class Balloon {
    /** The watched node, relative to the domain's home: the target in KiB. */
    public static final String TARGET_NODE = "memory/target";
    /** The watch's token. */
    public static final String TOKEN = "memory-target";
    /** Pages per batch: Linux's {@code frame_list}, one page of {@code xen_pfn_t}. */
    public static final int BATCH_PAGES = 512;
    /** CPU time per page moved, beyond the hypercalls: scrubbing, list handling, P2M updates. */
    public static final long PAGE_NS = 100;

    /** {@code update_va_mapping} calls per multicall: what one batch of the kernel's wrappers carries. */
    private static final int MULTICALL_CHUNK = 64;

    private static final long FLUSH = UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL;

    private final Kernel kernel;
    private final long[] frames = new long[BATCH_PAGES];
    private final long[] pfns = new long[BATCH_PAGES];
    /** Ballooned-out pages, a stack: Linux's {@code ballooned_pages} list. */
    private long[] ballooned = new long[64];

    private int nrBallooned;
    private long currentPages;
    private long targetPages;
    private boolean stalled;
    private long pagesOut;
    private long pagesIn;

    /** The balloon of {@code kernel}, which has {@code currentPages} pages now ({@code start_info.nr_pages}). */
    public Balloon(Kernel kernel, long currentPages) {
        this.kernel = kernel;
        this.currentPages = currentPages;
        this.targetPages = currentPages;
    }

    /** Registers the {@code memory/target} watch ({@code balloon_init_watcher}). */
    public void start(GuestCpu cpu, XenstoreClient xs) {
        xs.bind(cpu)
                .watch(
                        TARGET_NODE,
                        TOKEN,
                        (c, path, token) -> xs.bind(c)
                                .read(XenstoreClient.XBT_NIL, TARGET_NODE, (c2, reply) -> watchTarget(c2, reply)),
                        (c, reply) -> {
                            if (reply.isError()) {
                                kernel.printk(c, "xen:balloon: Failed to set balloon watcher (" + reply.errno() + ")");
                            }
                        });
    }

    /**
     * {@code watch_target}: a target in KiB (decimal); anything unreadable or not a number is ignored ("this is ok
     * for domain0 at least"), as Linux's {@code xenbus_scanf} failing.
     */
    void watchTarget(GuestCpu cpu, XsReply reply) {
        if (reply.isError()) {
            return;
        }
        long kib = parseKib(reply.value());
        if (kib < 0) {
            return;
        }
        setTarget(cpu, kib >> (PAGE_SHIFT - 10));
    }

    /** {@code balloon_set_new_target}: the balloon moves towards {@code pages} from the next work step. */
    public void setTarget(GuestCpu cpu, long pages) {
        targetPages = pages;
        stalled = false;
        if (hasWork()) {
            kernel.printk(
                    cpu,
                    "xen:balloon: target " + (pages << (PAGE_SHIFT - 10)) + " KiB (" + pages + " pages), now "
                            + currentPages + " pages");
        }
    }

    /** The pages the balloon is heading for now ({@code current_target}): the target, capped at what it can reach. */
    public long currentTarget() {
        return Math.min(targetPages, currentPages + nrBallooned);
    }

    /** Whether a work step would move pages. */
    public boolean hasWork() {
        return !stalled && currentTarget() != currentPages;
    }

    /**
     * One batch of {@code balloon_process}: up to {@link #BATCH_PAGES} pages out or in. Runs as kernel work on the
     * vCPU that owns it, between workload steps.
     */
    public void work(GuestCpu cpu) {
        long credit = currentTarget() - currentPages;
        if (credit > 0) {
            increase(cpu, (int) Math.min(credit, BATCH_PAGES));
        } else if (credit < 0) {
            decrease(cpu, (int) Math.min(-credit, BATCH_PAGES));
        }
        if (!stalled && currentTarget() == currentPages) {
            kernel.printk(
                    cpu,
                    "xen:balloon: reached " + currentPages + " pages (" + (currentPages << (PAGE_SHIFT - 10))
                            + " KiB), " + nrBallooned + " ballooned out");
        }
    }

    private void decrease(GuestCpu cpu, int n) {
        int k = 0;
        while (k < n) {
            long pfn = kernel.allocPfn();
            if (pfn == Kernel.NO_PAGE) {
                break;
            }
            pfns[k++] = pfn;
        }
        if (k == 0) {
            stall(cpu, "no free page to balloon out");
            return;
        }
        Hypercalls hc = kernel.hypercalls(cpu);
        long rc = remap(cpu, hc, k, false);
        if (rc != 0) {
            for (int i = 0; i < k; i++) {
                kernel.freePfn(pfns[i]);
            }
            stall(cpu, "unmapping pages failed: " + Errno.describe(rc));
            return;
        }
        for (int i = 0; i < k; i++) {
            frames[i] = kernel.mfn(pfns[i]);
            kernel.setMfn(cpu, pfns[i], Kernel.INVALID_MFN);
        }
        long done = hc.memoryReservation(MemoryOp.XENMEM_decrease_reservation, frames, k, 0, DomId.DOMID_SELF);
        int gone = (int) Math.max(done, 0);
        for (int i = 0; i < gone; i++) {
            push(pfns[i]);
        }
        // pages Xen did not take back are still ours: map them again and free them
        for (int i = gone; i < k; i++) {
            kernel.setMfn(cpu, pfns[i], frames[i]);
            hc.updateVaMapping(kernel.va(pfns[i]), X86Paging.entry(frames[i], StartOfDayLayout.L1_PROT), FLUSH);
            kernel.freePfn(pfns[i]);
        }
        currentPages -= gone;
        pagesOut += gone;
        cpu.compute(PAGE_NS * k);
        if (gone < k) {
            stall(cpu, "XENMEM_decrease_reservation took " + Errno.describe(done) + " of " + k + " pages");
        } else if (k < n) {
            stall(cpu, "only " + k + " free pages to balloon out");
        }
    }

    private void increase(GuestCpu cpu, int n) {
        int k = Math.min(n, nrBallooned);
        for (int i = 0; i < k; i++) {
            pfns[i] = ballooned[nrBallooned - 1 - i];
            frames[i] = pfns[i];
        }
        Hypercalls hc = kernel.hypercalls(cpu);
        long done = hc.memoryReservation(MemoryOp.XENMEM_populate_physmap, frames, k, 0, DomId.DOMID_SELF);
        int got = (int) Math.max(done, 0);
        for (int i = 0; i < got; i++) {
            kernel.setMfn(cpu, pfns[i], frames[i]);
        }
        long rc = remap(cpu, hc, got, true);
        nrBallooned -= got;
        for (int i = 0; i < got; i++) {
            kernel.freePfn(pfns[i]);
        }
        currentPages += got;
        pagesIn += got;
        cpu.compute(PAGE_NS * got);
        if (rc != 0) {
            stall(cpu, "mapping ballooned-in pages failed: " + Errno.describe(rc));
        } else if (got < k) {
            stall(cpu, "XENMEM_populate_physmap gave " + Errno.describe(done) + " of " + k + " pages");
        }
    }

    /**
     * Maps ({@code map}) or unmaps pages {@code pfns[0..n)} in the initial mapping with {@code update_va_mapping},
     * {@link #MULTICALL_CHUNK} to a multicall.
     *
     * @return 0, or the first failing call's result
     */
    private long remap(GuestCpu cpu, Hypercalls hc, int n, boolean map) {
        for (int start = 0; start < n; start += MULTICALL_CHUNK) {
            MulticallBatch mc = hc.multicall();
            for (int i = start; i < Math.min(n, start + MULTICALL_CHUNK); i++) {
                long pte = map ? X86Paging.entry(kernel.mfn(pfns[i]), StartOfDayLayout.L1_PROT) : 0;
                mc.addUpdateVaMapping(kernel.va(pfns[i]), pte, FLUSH);
            }
            long rc = mc.execute();
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    private void push(long pfn) {
        if (nrBallooned == ballooned.length) {
            long[] bigger = new long[ballooned.length * 2];
            System.arraycopy(ballooned, 0, bigger, 0, nrBallooned);
            ballooned = bigger;
        }
        ballooned[nrBallooned++] = pfn;
    }

    private void stall(GuestCpu cpu, String why) {
        stalled = true;
        kernel.printk(
                cpu, "xen:balloon: " + why + "; staying at " + currentPages + " pages (target " + targetPages + ")");
    }

    /** Pages the domain has now ({@code balloon_stats.current_pages}). */
    public long currentPages() {
        return currentPages;
    }

    /** The toolstack's last target, in pages ({@code balloon_stats.target_pages}). */
    public long target() {
        return targetPages;
    }

    /** Pages ballooned out now. */
    public int balloonedPages() {
        return nrBallooned;
    }

    /** Pages given back to Xen so far. */
    public long pagesOut() {
        return pagesOut;
    }

    /** Pages taken back from Xen so far. */
    public long pagesIn() {
        return pagesIn;
    }

    /** Whether the balloon stopped short of its target (out of pages, or refused), until the next target. */
    public boolean isStalled() {
        return stalled;
    }

    /** A decimal KiB count ({@code %llu}), or -1 if {@code v} is not one. */
    static long parseKib(String v) {
        String s = v.trim();
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
