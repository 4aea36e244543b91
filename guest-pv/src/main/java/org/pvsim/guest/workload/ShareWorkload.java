package org.pvsim.guest.workload;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.List;
import java.util.Map;
import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.evtchn.EventHandler;
import org.pvsim.guest.gnttab.GrantCopyOp;
import org.pvsim.guest.gnttab.GrantMapOp;
import org.pvsim.guest.gnttab.GrantUnmapOp;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code share}: two domains share pages through grant tables, the base of every split driver. The {@code granter}
 * fills {@code pages} pages with a pattern computed from {@code seed} and grants them to {@code peer}: the even pages
 * read-only, the odd ones writable. The {@code mapper} maps them ({@code GNTTABOP_map_grant_ref}, {@code
 * GNTMAP_host_map}, read-only for the even pages), reads every page and checks its checksum against the granter's
 * pattern, writes its own pattern into the odd pages, and unmaps them. The granter then checks that the even pages are
 * unchanged and the odd ones hold the mapper's pattern, and ends every grant. With {@code mode=copy} the mapper maps
 * nothing: it copies the pages into its own memory and its pattern back with {@code GNTTABOP_copy} (each page as two
 * half-page copies, one batch each way).
 *
 * <p><b>Meeting without xenstore</b> (it arrives with issue 6): the grant references are agreed, the event channel is
 * found by probing. The granter grants on a fresh table, whose free references start at 8 (0-7 are the toolstack's),
 * so page {@code i} is reference {@code 8 + i}; the granter checks that it got exactly those. Only then does it offer
 * an event channel to the peer ({@code EVTCHNOP_alloc_unbound}); the mapper binds it by trying {@code
 * EVTCHNOP_bind_interdomain} on the granter's ports 1, 2, ... as {@code pingpong} does, sleeping {@link #RETRY_NS}
 * between scans. A bound channel therefore means the grants are in place.
 *
 * <p><b>The exchange</b>, in map mode: the mapper maps every page and notifies; the granter, while the pages are
 * mapped, tries to end every grant and must be refused each time (Xen has {@code GTF_reading}/{@code GTF_writing}
 * set: revocation of an entry in use is impossible), then notifies back; the mapper reads, checks, writes, unmaps and
 * notifies; the granter verifies and ends every grant, which must now succeed. In copy mode the mapper copies in,
 * checks, copies back and notifies once. Each side prints one result line on its console, {@code share: ...
 * checksums ok} on success or {@code share: FAILED: ...} naming what went wrong, then stays blocked. Only vCPU 0 takes
 * part.
 */
public final class ShareWorkload implements Workload {
    /** The most pages {@code pages} may ask for. */
    public static final long MAX_PAGES = 256;
    /** The first agreed grant reference: the first one not reserved for the toolstack. */
    public static final int FIRST_REF = GrantFlags.GNTTAB_NR_RESERVED_ENTRIES;
    /** The highest port of the granter's that the mapper tries to bind. */
    public static final int PORT_SCAN_LIMIT = 128;
    /** How long the mapper sleeps before scanning again. */
    public static final long RETRY_NS = 1_000_000;

    /** The spec: {@code workload=share role=granter peer=2 pages=16 mode=map seed=1}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "share",
            "shares pages with another domain through grant tables (map or copy) and checks the data both ways",
            List.of(
                    WorkloadArgument.choice(
                            "role",
                            "granter",
                            "granter fills and grants the pages and verifies what comes back; mapper maps or copies"
                                    + " them, checks them and writes back",
                            "granter",
                            "mapper"),
                    WorkloadArgument.count(
                            "peer", "1", 0, DomId.DOMID_FIRST_RESERVED - 1, "the id of the domain at the other end"),
                    WorkloadArgument.count("pages", "16", 1, MAX_PAGES, "pages shared"),
                    WorkloadArgument.choice(
                            "mode", "map", "map: GNTTABOP_map_grant_ref; copy: GNTTABOP_copy", "map", "copy"),
                    WorkloadArgument.count("seed", "1", 0, Long.MAX_VALUE, "seed of the page patterns")),
            ShareWorkload::new);

    private enum State {
        START,
        /** mapper: nothing offered yet; asleep until the retry timer. */
        RETRYING,
        /** granter: granted and offered; waiting for the mapper's first notification. */
        OFFERED,
        /** granter: the mapper mapped; waiting for its second notification. */
        ACKED,
        /** granter: the mapper is done: the next step verifies. */
        VERIFY,
        /** mapper: bound; the next step maps (or copies). */
        BOUND,
        /** mapper: mapped and notified; waiting for the granter's answer. */
        MAPPED,
        /** mapper: the granter answered: the next step reads, writes and unmaps. */
        WORK,
        DONE
    }

    private final boolean granter;
    private final boolean copyMode;
    private final int peer;
    private final int pages;
    private final long seed;
    private final byte[] page = new byte[PAGE_SIZE];
    private final byte[] expected = new byte[PAGE_SIZE];
    private final long[] pfns;
    private final long[] vas;
    private final GrantMapOp[] maps;
    private final GrantUnmapOp[] unmaps;
    private final GrantCopyOp[] copies;
    private final EventHandler handler = (c, p) -> event(c);
    private Kernel kernel;

    private State state = State.START;
    private int port;
    private long refusedWhileMapped;
    private long ended;
    private long checked;
    private long writtenBack;
    private long strays;
    private String result;

    private ShareWorkload(Map<String, String> args) {
        this.granter = args.get("role").equals("granter");
        this.copyMode = args.get("mode").equals("copy");
        this.peer = (int) ArgumentType.Count.parse(args.get("peer"));
        this.pages = (int) ArgumentType.Count.parse(args.get("pages"));
        this.seed = ArgumentType.Count.parse(args.get("seed"));
        this.pfns = new long[pages];
        this.vas = new long[pages];
        this.maps = new GrantMapOp[pages];
        this.unmaps = new GrantUnmapOp[pages];
        this.copies = new GrantCopyOp[2 * pages];
        for (int i = 0; i < pages; i++) {
            maps[i] = new GrantMapOp();
            unmaps[i] = new GrantUnmapOp();
        }
        for (int i = 0; i < copies.length; i++) {
            copies[i] = new GrantCopyOp();
        }
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        Hypercalls hc = kernel.hypercalls(cpu);
        if (cpu.vcpuId() == 0) {
            switch (state) {
                case START -> {
                    if (granter) {
                        grantAndOffer(cpu);
                    } else {
                        bindOffered(cpu, hc);
                    }
                }
                case RETRYING -> bindOffered(cpu, hc);
                case BOUND -> {
                    if (copyMode) {
                        copyInAndBack(cpu);
                    } else {
                        mapAll(cpu);
                    }
                }
                case WORK -> readWriteUnmap(cpu);
                case VERIFY -> verify(cpu);
                default -> {}
            }
        }
        if (state != State.BOUND && state != State.WORK && state != State.VERIFY) {
            long rc = hc.block();
            if (rc != 0) {
                throw kernel.panic(cpu, "share: SCHEDOP_block failed: " + Errno.describe(rc));
            }
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // granter

    private void grantAndOffer(GuestCpu cpu) {
        GuestGrants grants = kernel.grants(cpu);
        for (int i = 0; i < pages; i++) {
            long pfn = kernel.allocPfn();
            if (pfn == Kernel.NO_PAGE) {
                fail(cpu, "no free page for page " + i);
                return;
            }
            pfns[i] = pfn;
            SharePattern.fill(page, seed, SharePattern.GRANTER, i);
            cpu.write(kernel.va(pfn), page, 0, PAGE_SIZE);
            int ref = grants.grantForeignAccess(peer, kernel.mfn(pfn), i % 2 == 0);
            if (ref < 0) {
                fail(cpu, "no grant reference for page " + i + ": " + Errno.describe(ref));
                return;
            }
            if (ref != FIRST_REF + i) {
                fail(cpu, "page " + i + " got grant reference " + ref + ", not the agreed " + (FIRST_REF + i));
                return;
            }
        }
        int p = kernel.events(cpu).allocUnbound(peer, handler);
        if (p < 0) {
            throw kernel.panic(cpu, "share: EVTCHNOP_alloc_unbound for d" + peer + ": " + Errno.describe(p));
        }
        port = p;
        state = State.OFFERED;
        kernel.printk(
                cpu,
                "share: granter: " + pages + " pages granted to d" + peer + " as refs " + FIRST_REF + "-"
                        + (FIRST_REF + pages - 1) + " (even read-only), port " + p + " offered");
    }

    /** The granter's handler: the mapper mapped (map mode), or is done. */
    private void granterEvent(GuestCpu cpu) {
        if (state == State.OFFERED && !copyMode) {
            GuestGrants grants = kernel.grants(cpu);
            for (int i = 0; i < pages; i++) {
                if (!grants.endAccess(FIRST_REF + i)) {
                    refusedWhileMapped++;
                }
            }
            state = State.ACKED;
            send(cpu);
        } else if (state == State.OFFERED || state == State.ACKED) {
            state = State.VERIFY;
        } else {
            strays++;
        }
    }

    private void verify(GuestCpu cpu) {
        GuestGrants grants = kernel.grants(cpu);
        long bad = 0;
        for (int i = 0; i < pages; i++) {
            if (grants.endForeignAccess(FIRST_REF + i)) {
                ended++;
            }
            cpu.read(kernel.va(pfns[i]), page, 0, PAGE_SIZE);
            boolean writable = i % 2 == 1;
            SharePattern.fill(expected, seed, writable ? SharePattern.MAPPER : SharePattern.GRANTER, i);
            if (SharePattern.checksum(page) != SharePattern.checksum(expected)) {
                bad++;
            } else {
                checked++;
                if (writable) {
                    writtenBack++;
                }
            }
        }
        if (ended != pages) {
            fail(cpu, (pages - ended) + " of " + pages + " grants could not be ended after the peer finished");
        } else if (bad != 0) {
            fail(cpu, bad + " of " + pages + " pages have a wrong checksum after the exchange");
        } else if (!copyMode && refusedWhileMapped != pages) {
            fail(cpu, "only " + refusedWhileMapped + " of " + pages + " grants were refused ending while mapped");
        } else {
            succeed(
                    cpu,
                    "share: granter: " + pages + " pages shared with d" + peer + " by " + (copyMode ? "copy" : "map")
                            + (copyMode ? "" : ", " + refusedWhileMapped + " ends refused while mapped") + ", "
                            + writtenBack + " written back, checksums ok, " + ended + " grants ended");
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // mapper

    /** Binds the first port of the peer offered to this domain, or sleeps and tries again later. */
    private void bindOffered(GuestCpu cpu, Hypercalls hc) {
        for (int p = 1; p <= PORT_SCAN_LIMIT; p++) {
            int rc = kernel.events(cpu).bindInterdomain(peer, p, handler);
            if (rc > 0) {
                port = rc;
                state = State.BOUND;
                return;
            }
            if (rc == Errno.ESRCH.neg()) {
                break;
            }
            if (rc != Errno.EINVAL.neg()) {
                throw kernel.panic(
                        cpu, "share: EVTCHNOP_bind_interdomain to d" + peer + " port " + p + ": " + Errno.describe(rc));
            }
        }
        state = State.RETRYING;
        long rc = hc.setSingleshotTimer(cpu.vcpuId(), cpu.rdtsc() + RETRY_NS, 0);
        if (rc != 0) {
            throw kernel.panic(cpu, "share: VCPUOP_set_singleshot_timer failed: " + Errno.describe(rc));
        }
    }

    private void mapAll(GuestCpu cpu) {
        GuestGrants grants = kernel.grants(cpu);
        for (int i = 0; i < pages; i++) {
            long va = grants.reserveVa();
            if (GuestGrants.isError(va)) {
                fail(cpu, "no address to map page " + i + " at: " + Errno.describe(va));
                return;
            }
            vas[i] = va;
            int flags = GntMap.GNTMAP_host_map | (i % 2 == 0 ? GntMap.GNTMAP_readonly : 0);
            maps[i].set(va, flags, FIRST_REF + i, peer);
        }
        long rc = grants.map(maps, pages);
        if (rc != 0) {
            fail(cpu, "GNTTABOP_map_grant_ref: " + Errno.describe(rc));
            return;
        }
        for (int i = 0; i < pages; i++) {
            if (maps[i].status != GnttabStatus.GNTST_okay.code) {
                fail(cpu, "map of ref " + maps[i].ref + " of d" + peer + ": " + GnttabStatus.nameOf(maps[i].status));
                return;
            }
        }
        state = State.MAPPED;
        send(cpu);
    }

    /** The mapper's handler: the granter answered after the map (map mode); Xen's event on bind is ignored. */
    private void mapperEvent() {
        if (state == State.MAPPED) {
            state = State.WORK;
        } else {
            strays++;
        }
    }

    private void readWriteUnmap(GuestCpu cpu) {
        long bad = 0;
        for (int i = 0; i < pages; i++) {
            cpu.read(vas[i], page, 0, PAGE_SIZE);
            bad += checkGranterPage(i) ? 0 : 1;
            if (i % 2 == 1) {
                SharePattern.fill(page, seed, SharePattern.MAPPER, i);
                cpu.write(vas[i], page, 0, PAGE_SIZE);
                writtenBack++;
            }
        }
        GuestGrants grants = kernel.grants(cpu);
        for (int i = 0; i < pages; i++) {
            unmaps[i].of(maps[i]);
        }
        long rc = grants.unmap(unmaps, pages);
        if (rc != 0) {
            throw kernel.panic(cpu, "share: GNTTABOP_unmap_grant_ref: " + Errno.describe(rc));
        }
        for (int i = 0; i < pages; i++) {
            if (unmaps[i].status != GnttabStatus.GNTST_okay.code) {
                throw kernel.panic(cpu, "share: unmap of " + unmaps[i] + " failed");
            }
            grants.releaseVa(vas[i]);
        }
        send(cpu);
        if (bad != 0) {
            fail(cpu, bad + " of " + pages + " mapped pages have a wrong checksum");
        } else {
            succeed(
                    cpu,
                    "share: " + pages + " pages mapped, read and written, checksums ok (" + writtenBack
                            + " written back to d" + peer + ")");
        }
    }

    private void copyInAndBack(GuestCpu cpu) {
        GuestGrants grants = kernel.grants(cpu);
        int half = PAGE_SIZE / 2;
        for (int i = 0; i < pages; i++) {
            long pfn = kernel.allocPfn();
            if (pfn == Kernel.NO_PAGE) {
                fail(cpu, "no free page to copy page " + i + " into");
                return;
            }
            pfns[i] = pfn;
            for (int h = 0; h < 2; h++) {
                copies[2 * i + h]
                        .source(true, FIRST_REF + i, peer, h * half)
                        .dest(false, kernel.mfn(pfn), DomId.DOMID_SELF, h * half)
                        .len(half);
            }
        }
        if (!copyBatch(cpu, grants, 2 * pages, "in")) {
            return;
        }
        long bad = 0;
        int n = 0;
        for (int i = 0; i < pages; i++) {
            cpu.read(kernel.va(pfns[i]), page, 0, PAGE_SIZE);
            bad += checkGranterPage(i) ? 0 : 1;
            if (i % 2 == 1) {
                SharePattern.fill(page, seed, SharePattern.MAPPER, i);
                cpu.write(kernel.va(pfns[i]), page, 0, PAGE_SIZE);
                for (int h = 0; h < 2; h++) {
                    copies[n++]
                            .source(false, kernel.mfn(pfns[i]), DomId.DOMID_SELF, h * half)
                            .dest(true, FIRST_REF + i, peer, h * half)
                            .len(half);
                }
                writtenBack++;
            }
        }
        if (!copyBatch(cpu, grants, n, "back")) {
            return;
        }
        send(cpu);
        if (bad != 0) {
            fail(cpu, bad + " of " + pages + " copied pages have a wrong checksum");
        } else {
            succeed(
                    cpu,
                    "share: " + pages + " pages copied in and " + writtenBack + " copied back to d" + peer
                            + " with GNTTABOP_copy, checksums ok");
        }
    }

    private boolean copyBatch(GuestCpu cpu, GuestGrants grants, int n, String way) {
        long rc = grants.copy(copies, n);
        if (rc != 0) {
            fail(cpu, "GNTTABOP_copy (" + way + "): " + Errno.describe(rc));
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (copies[k].status != GnttabStatus.GNTST_okay.code) {
                fail(cpu, "GNTTABOP_copy (" + way + ") " + copies[k]);
                return false;
            }
        }
        return true;
    }

    /** Whether {@link #page} holds the granter's pattern for page {@code i}; counts it checked. */
    private boolean checkGranterPage(int i) {
        SharePattern.fill(expected, seed, SharePattern.GRANTER, i);
        boolean ok = SharePattern.checksum(page) == SharePattern.checksum(expected);
        if (ok) {
            checked++;
        }
        return ok;
    }

    // -------------------------------------------------------------------------------------------------------------

    private void event(GuestCpu cpu) {
        if (granter) {
            granterEvent(cpu);
        } else {
            mapperEvent();
        }
    }

    private void send(GuestCpu cpu) {
        int rc = kernel.events(cpu).send(port);
        if (rc != 0) {
            throw kernel.panic(cpu, "share: EVTCHNOP_send on port " + port + ": " + Errno.describe(rc));
        }
    }

    private void succeed(GuestCpu cpu, String line) {
        state = State.DONE;
        result = line;
        kernel.printk(cpu, line);
    }

    private void fail(GuestCpu cpu, String why) {
        state = State.DONE;
        result = "share: FAILED: " + why;
        kernel.printk(cpu, result);
    }

    @Override
    public long progress() {
        return checked;
    }

    /** Whether this side finished, with success or not. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** Whether this side finished and every check passed. */
    public boolean succeeded() {
        return result != null && !result.startsWith("share: FAILED");
    }

    /** The result line printed, or {@code null} before the end. */
    public String result() {
        return result;
    }

    /** granter: grants Xen refused to end while the mapper had them mapped. */
    public long refusedWhileMapped() {
        return refusedWhileMapped;
    }

    /** granter: grants ended at the end. */
    public long ended() {
        return ended;
    }

    /** Events that came when none was expected (the mapper's first one: Xen's on bind). */
    public long strays() {
        return strays;
    }
}
