package org.pvsim.integration;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabCopyDescriptor;
import org.pvsim.gnttab.abi.GnttabGetStatusFramesDescriptor;
import org.pvsim.gnttab.abi.GnttabGetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabQuerySizeDescriptor;
import org.pvsim.gnttab.abi.GnttabSetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabSetupTableDescriptor;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabTransferDescriptor;
import org.pvsim.gnttab.abi.GnttabUnmapAndReplaceDescriptor;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GrantEntryV1Descriptor;
import org.pvsim.gnttab.abi.GrantEntryV2Descriptor;
import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.gnttab.copy.GnttabCopy;
import org.pvsim.gnttab.copy.GnttabTransfer;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuUpdateDescriptor;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MmuextOpDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.testing.Seeds;

/**
 * The seeded randomized test: random grant-table and PV MMU operations from four domains (dom0 and three
 * domUs) on the real hypervisor with every subsystem installed (event channels; grant tables with copy and transfer),
 * with the auditor after every call. The domains act as guests do, through hypercalls whose structures are in their
 * own memory: they set their tables up, write and revoke grant entries in their grant frames (v1 or v2, all entry
 * types, including sub-page and transitive ones and garbage), map and unmap (host, device, read-only,
 * application_map, contains_pte, wrong handles and addresses), unmap-and-replace, copy with random offsets and
 * lengths, transfer, change versions, and use mmu_update / mmuext_op on the pages involved: data pages made read-only
 * and pinned as L1 tables while granted and mapped, grant PTEs overwritten, grant frames mapped; now and then a domU
 * is destroyed and built again.
 *
 * <p>After every call: no exception escaped, the hypercall returned 0 or an errno, every element's status is a {@code
 * GNTST_*} code that op can give, and the auditor (I5, I8, I9, I10 and the MMU invariants) reports nothing.
 *
 * <p>Grant entries are written straight into the grant frames' machine memory: the guest's store through its own
 * mapping would land in the same bytes (the test does not run guest kernels that could map the frames first).
 *
 * <p>The generated guests are not all well-behaved: they may set {@code GTF_reading}/{@code GTF_writing} themselves,
 * rewrite an entry still in use (half the time they leave it alone, as a guest that follows the protocol does), and
 * store into frames that became grant or status frames; the auditor must still report only what Xen does wrong.
 *
 * <p>Seeds: {@link #DEFAULT_SEEDS}, or the comma-separated list in {@code -Dpvsim.seed=}; {@code -Dpvsim.steps=} sets
 * the steps per seed. A failure names its seed and shows the last steps.
 */
class RandomizedGrantMmuTest {
    static final long[] DEFAULT_SEEDS = {2, 3, 6, 10};
    static final int DEFAULT_STEPS = 3000;
    static final int HISTORY = Integer.getInteger("pvsim.history", 40);

    @TestFactory
    Stream<DynamicTest> randomGrantAndMmuOperationsFromFourDomainsKeepTheAuditorQuiet() {
        return Seeds.tests(DEFAULT_SEEDS, DEFAULT_STEPS, (seed, steps) -> new Run(seed, steps).run());
    }

    /**
     * Seeds that found what the grant-tables core and the auditor got wrong, kept as regressions: 1 and 42, a
     * granter destroyed while another domain still held a handle naming one of its entries (the handle was stranded
     * by an implicit unmap, {@code unmap_and_replace} with {@code new_addr} equal to the mapping's address, or an
     * unmap through another handle's PTE: Xen allows it, the audit now does too, StrandedHandleTest); 5 and 9, a
     * grant PTE of a domain's own frame left without a grant mapping after an unmap named an ordinary PTE of the same
     * frame (Xen's replace_grant_pv_mapping matches only frame and P/RW; the auditor accepts it for own frames,
     * GrantHostMappingTest). Run one with {@code -Dpvsim.seed=5 -Dpvsim.steps=5000 -Dpvsim.history=400}.
     */
    @TestFactory
    Stream<DynamicTest> seedsThatFoundProblemsInTheCore() {
        return Arrays.stream(new long[] {1, 42, 5, 9})
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Run(seed, 5000).run()));
    }

    /** One seed's run. */
    private static final class Run {
        static final int DOMAINS = 4;
        static final int DATA_PAGES = 6;
        static final int DOMU_PAGES = 512;
        static final Set<Integer> MAP_STATUSES = Set.of(0, -1, -2, -3, -7, -8, -9, -12, -13);
        static final Set<Integer> UNMAP_STATUSES = Set.of(0, -1, -2, -4, -5, -6);
        static final Set<Integer> COPY_STATUSES = Set.of(0, -1, -2, -3, -8, -9, -10, -12);
        static final Set<Integer> TRANSFER_STATUSES = Set.of(0, -1, -2, -3, -8, -9, -11);
        static final Set<Integer> TABLE_STATUSES = Set.of(0, -1, -2, -8);
        static final int[] GNTMAP_FLAGS = {
            GntMap.GNTMAP_host_map,
            GntMap.GNTMAP_host_map | GntMap.GNTMAP_readonly,
            GntMap.GNTMAP_device_map,
            GntMap.GNTMAP_device_map | GntMap.GNTMAP_readonly,
            GntMap.GNTMAP_host_map | GntMap.GNTMAP_device_map,
            GntMap.GNTMAP_host_map | GntMap.GNTMAP_device_map | GntMap.GNTMAP_readonly,
            GntMap.GNTMAP_host_map | GntMap.GNTMAP_contains_pte,
            GntMap.GNTMAP_host_map | GntMap.GNTMAP_contains_pte | GntMap.GNTMAP_readonly,
            GntMap.GNTMAP_host_map | GntMap.GNTMAP_application_map,
            GntMap.GNTMAP_readonly,
            0
        };

        /** A mapping Xen accepted, kept to unmap it later. */
        record Mapping(
                int domid, long handle, long hostAddr, long devBusAddr, int flags, int page, int granter, int ref) {}

        /** A grant the test wrote: {@code granter}'s {@code ref} for {@code peer}. */
        record Granted(int granter, int ref, int peer, boolean readonly) {}

        /** What the test knows of one domain. */
        static final class Dom {
            final long scratchVa;
            final long listVa;
            final long[] dataPfn = new long[DATA_PAGES];
            final long[] dataMfn = new long[DATA_PAGES];
            final long[] pteMaddr = new long[DATA_PAGES];
            long[] grantFrames = new long[0];

            Dom(long firstFree) {
                scratchVa = StartOfDayLayout.va(firstFree);
                listVa = StartOfDayLayout.va(firstFree + 1);
                for (int i = 0; i < DATA_PAGES; i++) {
                    dataPfn[i] = firstFree + 2 + i;
                }
            }

            long dataVa(int i) {
                return StartOfDayLayout.va(dataPfn[i]);
            }
        }

        final long seed;
        final int steps;
        final SplittableRandom rnd;
        final Hypervisor hv;
        final Auditor auditor;
        final Dom[] doms = new Dom[DOMAINS];
        final List<Mapping> mappings = new ArrayList<>();
        final List<Granted> granted = new ArrayList<>();
        final Deque<String> history = new ArrayDeque<>();
        final Set<String> reached = new TreeSet<>();
        int step;

        Run(long seed, int steps) {
            this.seed = seed;
            this.steps = steps;
            this.rnd = new SplittableRandom(seed);
            BootParameters params =
                    new BootParameters("test", "gnttab-random", seed, 2, 8192, "rr", 1024, 1, "pvsim-pv", "");
            this.hv = HostBoot.boot(
                    params,
                    Journal.OFF,
                    List.of(new EventChannels(), new GrantTables(GnttabCopy::new, GnttabTransfer::new)));
            this.auditor = new Auditor(hv);
            for (int d = 0; d < DOMAINS; d++) {
                create(d);
            }
        }

        void create(int domid) {
            if (domid != 0) {
                PvDomainBuilder.build(hv, domid, false, DOMU_PAGES, 1, "pvsim-pv", "");
            }
            Domain d = hv.domains().get(domid);
            Dom dom = new Dom(StartOfDayLayout.plan(d.totPages(), domid != 0).firstFreePfn());
            for (int i = 0; i < DATA_PAGES; i++) {
                dom.pteMaddr[i] = pteMaddr(domid, dom.dataVa(i));
                dom.dataMfn[i] = X86Paging.mfn(
                        hv.machine().memory().read64(dom.pteMaddr[i] >>> X86Paging.PAGE_SHIFT, (int)
                                (dom.pteMaddr[i] & 0xFFF)));
            }
            doms[domid] = dom;
            mappings.removeIf(m -> m.domid == domid);
            granted.removeIf(g -> g.granter == domid);
        }

        /** The machine address of the L1 entry mapping {@code va} in {@code domid}'s page tables. */
        long pteMaddr(int domid, long va) {
            long table = hv.vcpu(domid, 0).guestTable();
            for (int level = 4; level >= 2; level--) {
                long e = hv.machine().memory().read64(table, X86Paging.tableIndex(va, level) * 8);
                table = X86Paging.mfn(e);
            }
            return (table << X86Paging.PAGE_SHIFT) + X86Paging.tableIndex(va, 1) * 8L;
        }

        void run() {
            for (step = 0; step < steps; step++) {
                try {
                    one();
                } catch (AssertionError e) {
                    throw new AssertionError(where() + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw new AssertionError(where() + "an exception escaped: " + e, e);
                }
                List<Violation> v = auditor.audit();
                if (!v.isEmpty()) {
                    fail(where() + "auditor: " + v);
                }
                if (!hv.bugs().isEmpty()) {
                    fail(where() + "hypervisor bug: " + hv.bugs());
                }
            }
            for (String must : new String[] {"map ok", "unmap ok", "copy ok", "end refused", "pin refused"}) {
                if (!reached.contains(must)) {
                    fail("seed " + seed + ": the generator never reached '" + must + "'; reached " + reached);
                }
            }
        }

        String where() {
            return "seed " + seed + " (-Dpvsim.seed=" + seed + "), step " + step + "; last steps:\n  "
                    + String.join("\n  ", history) + "\n";
        }

        void log(String s) {
            history.addLast(s);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }

        boolean alive(int domid) {
            Domain d = hv.domains().get(domid);
            return d != null && d.dying() == Domain.Dying.DOMDYING_alive;
        }

        int anyDomid() {
            int r = rnd.nextInt(20);
            return r == 0 ? 9 : r == 1 ? DomId.DOMID_SELF : rnd.nextInt(DOMAINS);
        }

        void one() {
            int c = rnd.nextInt(DOMAINS);
            if (!alive(c)) {
                if (hv.domains().get(c) == null && c != 0) {
                    log("create d" + c + " again");
                    create(c);
                }
                return;
            }
            int what = rnd.nextInt(100);
            if (what < 6) {
                setupTable(c);
            } else if (what < 22) {
                grant(c);
            } else if (what < 28) {
                endAccess(c);
            } else if (what < 45) {
                map(c);
            } else if (what < 57) {
                unmap(c);
            } else if (what < 60) {
                unmapAndReplace(c);
            } else if (what < 68) {
                copy(c);
            } else if (what < 71) {
                transfer(c);
            } else if (what < 75) {
                version(c);
            } else if (what < 77) {
                querySize(c);
            } else if (what < 96) {
                mmu(c);
            } else if (what < 97 && c != 0) {
                log("destroy d" + c);
                reached.add("destroy");
                hv.lifecycle().kill(hv.domains().get(c), hv.now());
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // issuing calls as a domain

        long gnttab(int c, GnttabOp op, byte[] structs, int count) {
            Vcpu v = hv.vcpu(c, 0);
            hv.guestWrite(v, hv.now(), doms[c].scratchVa, structs, 0, structs.length);
            long rc =
                    hv.hypercall(v, hv.now(), Hypercall.grant_table_op.number, op.code, doms[c].scratchVa, count, 0, 0);
            hv.guestRead(v, doms[c].scratchVa, structs, 0, structs.length);
            checkRc(op + " by d" + c, rc);
            return rc;
        }

        void checkRc(String what, long rc) {
            if (rc != 0 && (rc > 0 || Errno.ofCode(-rc) == null)) {
                fail(what + " returned " + rc + ", neither 0 nor an errno");
            }
        }

        void checkStatus(String what, int status, Set<Integer> allowed) {
            if (!allowed.contains(status)) {
                fail(what + ": status " + status + " (" + GnttabStatus.nameOf(status) + ") is not one Xen gives here");
            }
        }

        int status16(byte[] s, int off) {
            return (short) LittleEndian.getU16(s, off);
        }

        int version(int c, boolean log) {
            byte[] s = new byte[GnttabGetVersionDescriptor.SIZE];
            LittleEndian.putU16(s, GnttabGetVersionDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
            long rc = gnttab(c, GnttabOp.GNTTABOP_get_version, s, 1);
            return rc == 0 ? LittleEndian.getI32(s, GnttabGetVersionDescriptor.VERSION_OFFSET) : 1;
        }

        // ---------------------------------------------------------------------------------------------------------
        // table commands

        void setupTable(int c) {
            int dom = rnd.nextInt(8) == 0 ? anyDomid() : DomId.DOMID_SELF;
            int nr = rnd.nextInt(10) == 0 ? rnd.nextInt(80) : 1 + rnd.nextInt(3);
            byte[] s = new byte[GnttabSetupTableDescriptor.SIZE];
            LittleEndian.putU16(s, GnttabSetupTableDescriptor.DOM_OFFSET, dom);
            LittleEndian.putI32(s, GnttabSetupTableDescriptor.NR_FRAMES_OFFSET, nr);
            LittleEndian.putI64(s, GnttabSetupTableDescriptor.FRAME_LIST_OFFSET, doms[c].listVa);
            long rc = gnttab(c, GnttabOp.GNTTABOP_setup_table, s, 1);
            int st = status16(s, GnttabSetupTableDescriptor.STATUS_OFFSET);
            log("d" + c + " setup_table(d" + dom + ", " + nr + ") = " + rc + " " + GnttabStatus.nameOf(st));
            if (rc != 0) {
                return;
            }
            checkStatus("setup_table", st, TABLE_STATUSES);
            if (st == 0 && (dom == DomId.DOMID_SELF || dom == c)) {
                byte[] list = new byte[8 * nr];
                hv.guestRead(hv.vcpu(c, 0), doms[c].listVa, list, 0, list.length);
                long[] frames = new long[nr];
                for (int i = 0; i < nr; i++) {
                    frames[i] = LittleEndian.getI64(list, 8 * i);
                }
                if (frames.length >= doms[c].grantFrames.length) {
                    doms[c].grantFrames = frames;
                }
                reached.add("setup ok");
            }
        }

        void querySize(int c) {
            int dom = anyDomid();
            byte[] s = new byte[GnttabQuerySizeDescriptor.SIZE];
            LittleEndian.putU16(s, GnttabQuerySizeDescriptor.DOM_OFFSET, dom);
            long rc = gnttab(c, GnttabOp.GNTTABOP_query_size, s, 1);
            log("d" + c + " query_size(d" + dom + ") = " + rc);
            if (rc == 0) {
                checkStatus("query_size", status16(s, GnttabQuerySizeDescriptor.STATUS_OFFSET), TABLE_STATUSES);
            }
        }

        void version(int c) {
            int v = rnd.nextInt(6) == 0 ? 3 : 1 + rnd.nextInt(2);
            if (rnd.nextBoolean()) {
                byte[] s = new byte[GnttabSetVersionDescriptor.SIZE];
                LittleEndian.putI32(s, GnttabSetVersionDescriptor.VERSION_OFFSET, v);
                long rc = gnttab(c, GnttabOp.GNTTABOP_set_version, s, 1);
                log("d" + c + " set_version(" + v + ") = " + Errno.describe(rc));
                reached.add(rc == 0 ? "set_version ok" : "set_version refused");
            } else {
                int n = 1 + rnd.nextInt(3);
                byte[] s = new byte[GnttabGetStatusFramesDescriptor.SIZE];
                LittleEndian.putI32(s, GnttabGetStatusFramesDescriptor.NR_FRAMES_OFFSET, n);
                LittleEndian.putU16(s, GnttabGetStatusFramesDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
                LittleEndian.putI64(s, GnttabGetStatusFramesDescriptor.FRAME_LIST_OFFSET, doms[c].listVa);
                long rc = gnttab(c, GnttabOp.GNTTABOP_get_status_frames, s, 1);
                log("d" + c + " get_status_frames(" + n + ") = " + rc);
                if (rc == 0) {
                    checkStatus(
                            "get_status_frames",
                            status16(s, GnttabGetStatusFramesDescriptor.STATUS_OFFSET),
                            TABLE_STATUSES);
                }
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // grant entries

        int pickRef() {
            int r = rnd.nextInt(20);
            return r == 0 ? rnd.nextInt(1 << 16) : r == 1 ? rnd.nextInt(8) : 8 + rnd.nextInt(8);
        }

        /** The machine frame and byte offset of {@code ref}'s entry, or null if the test knows no such frame. */
        long[] entryAt(int c, int ref, int version) {
            int size = version == 2 ? GrantEntryV2Descriptor.SIZE : GrantEntryV1Descriptor.SIZE;
            int per = 4096 / size;
            if (ref / per >= doms[c].grantFrames.length) {
                return null;
            }
            return new long[] {doms[c].grantFrames[ref / per], (long) (ref % per) * size};
        }

        void grant(int c) {
            int ref = 8 + rnd.nextInt(8);
            int v = version(c, false);
            long[] at = entryAt(c, ref, v);
            if (at == null) {
                return;
            }
            int peer = rnd.nextInt(10) == 0 ? anyDomid() : rnd.nextInt(DOMAINS);
            int page = rnd.nextInt(DATA_PAGES);
            long frame = rnd.nextInt(15) == 0 ? rnd.nextLong(9000) : doms[c].dataMfn[page];
            int[] types = {
                GrantFlags.GTF_permit_access,
                GrantFlags.GTF_permit_access,
                GrantFlags.GTF_permit_access | GrantFlags.GTF_readonly,
                GrantFlags.GTF_permit_access | GrantFlags.GTF_sub_page,
                GrantFlags.GTF_accept_transfer,
                GrantFlags.GTF_transitive,
                GrantFlags.GTF_invalid,
                rnd.nextInt(1 << 16)
            };
            // garbage included: GTF_reading and GTF_writing are Xen's, but the entry is guest memory
            int flags = types[rnd.nextInt(types.length)];
            var mem = hv.machine().memory();
            int off = (int) at[1];
            if (inUse(c, ref, v, at) && rnd.nextBoolean()) {
                // half the time, a protocol-abiding guest: it grants only a reference whose previous grant ended
                log("d" + c + " leaves ref " + ref + " alone: in use");
                return;
            }
            if (v == 1) {
                mem.write16(at[0], off + GrantEntryV1Descriptor.DOMID_OFFSET, peer);
                mem.write32(at[0], off + GrantEntryV1Descriptor.FRAME_OFFSET, (int) frame);
                mem.write16(at[0], off + GrantEntryV1Descriptor.FLAGS_OFFSET, flags);
            } else {
                mem.write16(at[0], off + GrantEntryV2Descriptor.HDR_DOMID_OFFSET, peer);
                if ((flags & GrantFlags.GTF_type_mask) == GrantFlags.GTF_transitive) {
                    mem.write16(at[0], off + GrantEntryV2Descriptor.TRANSITIVE_TRANS_DOMID_OFFSET, rnd.nextInt(4));
                    mem.write32(at[0], off + GrantEntryV2Descriptor.TRANSITIVE_GREF_OFFSET, 8 + rnd.nextInt(8));
                } else {
                    if ((flags & GrantFlags.GTF_sub_page) != 0) {
                        mem.write16(at[0], off + GrantEntryV2Descriptor.SUB_PAGE_PAGE_OFF_OFFSET, rnd.nextInt(4200));
                        mem.write16(at[0], off + GrantEntryV2Descriptor.SUB_PAGE_LENGTH_OFFSET, rnd.nextInt(4200));
                    }
                    mem.write64(at[0], off + GrantEntryV2Descriptor.FULL_PAGE_FRAME_OFFSET, frame);
                }
                mem.write16(at[0], off + GrantEntryV2Descriptor.HDR_FLAGS_OFFSET, flags);
            }
            granted.removeIf(x -> x.granter == c && x.ref == ref);
            if ((flags & GrantFlags.GTF_type_mask) == GrantFlags.GTF_permit_access && peer < DOMAINS) {
                granted.add(new Granted(c, ref, peer, (flags & GrantFlags.GTF_readonly) != 0));
            }
            log("d" + c + " grants ref " + ref + " (v" + v + ") to d" + peer + " frame " + frame + " flags "
                    + Integer.toHexString(flags));
        }

        /** Whether Xen has GTF_reading or GTF_writing set on {@code ref}: in the entry (v1) or its status word (v2). */
        boolean inUse(int c, int ref, int v, long[] at) {
            int bits = GrantFlags.GTF_reading | GrantFlags.GTF_writing;
            if (v == 1) {
                return (hv.machine().memory().read16(at[0], (int) at[1]) & bits) != 0;
            }
            int n = 1 + ref / GrantFlags.STATUS_ENTRIES_PER_FRAME;
            byte[] s = new byte[GnttabGetStatusFramesDescriptor.SIZE];
            LittleEndian.putI32(s, GnttabGetStatusFramesDescriptor.NR_FRAMES_OFFSET, n);
            LittleEndian.putU16(s, GnttabGetStatusFramesDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
            LittleEndian.putI64(s, GnttabGetStatusFramesDescriptor.FRAME_LIST_OFFSET, doms[c].listVa);
            long rc = gnttab(c, GnttabOp.GNTTABOP_get_status_frames, s, 1);
            if (rc != 0 || status16(s, GnttabGetStatusFramesDescriptor.STATUS_OFFSET) != 0) {
                return true;
            }
            byte[] list = new byte[8 * n];
            hv.guestRead(hv.vcpu(c, 0), doms[c].listVa, list, 0, list.length);
            long frame = LittleEndian.getI64(list, 8 * (n - 1));
            return (hv.machine().memory().read16(frame, 2 * (ref % GrantFlags.STATUS_ENTRIES_PER_FRAME)) & bits) != 0;
        }

        void endAccess(int c) {
            List<Mapping> ofMine = mappings.stream().filter(m -> m.granter == c).toList();
            int ref = !ofMine.isEmpty() && rnd.nextBoolean()
                    ? ofMine.get(rnd.nextInt(ofMine.size())).ref
                    : 8 + rnd.nextInt(8);
            int v = version(c, false);
            long[] at = entryAt(c, ref, v);
            if (at == null) {
                return;
            }
            var mem = hv.machine().memory();
            int off = (int) at[1];
            int inUse = GrantFlags.GTF_reading | GrantFlags.GTF_writing;
            if (v == 1) {
                int flags = mem.read16(at[0], off + GrantEntryV1Descriptor.FLAGS_OFFSET);
                if ((flags & inUse) != 0) {
                    reached.add("end refused");
                    log("d" + c + " cannot end ref " + ref + ": flags " + Integer.toHexString(flags));
                    return;
                }
                mem.write16(at[0], off + GrantEntryV1Descriptor.FLAGS_OFFSET, 0);
            } else {
                mem.write16(at[0], off + GrantEntryV2Descriptor.HDR_FLAGS_OFFSET, 0);
                if (inUse(c, ref, v, at)) {
                    reached.add("end refused");
                    log("d" + c + " cleared ref " + ref + " (v2) but it is still in use");
                    return;
                }
            }
            log("d" + c + " ends ref " + ref + " (v" + v + ")");
        }

        // ---------------------------------------------------------------------------------------------------------
        // map, unmap, copy, transfer

        long hostAddr(int c, int flags, int page) {
            int r = rnd.nextInt(25);
            if (r == 0) {
                return rnd.nextLong();
            }
            if (r == 1) {
                return doms[c].dataVa(page) + 8;
            }
            return (flags & GntMap.GNTMAP_contains_pte) != 0 ? doms[c].pteMaddr[page] : doms[c].dataVa(page);
        }

        void map(int c) {
            int n = 1 + rnd.nextInt(3);
            byte[] s = new byte[n * GnttabMapGrantRefDescriptor.SIZE];
            int[] flags = new int[n];
            int[] pages = new int[n];
            int[] doms2 = new int[n];
            for (int i = 0; i < n; i++) {
                int o = i * GnttabMapGrantRefDescriptor.SIZE;
                flags[i] = GNTMAP_FLAGS[rnd.nextInt(GNTMAP_FLAGS.length)];
                pages[i] = rnd.nextInt(DATA_PAGES);
                doms2[i] = rnd.nextInt(8) == 0 ? anyDomid() : rnd.nextInt(DOMAINS);
                int ref = pickRef();
                List<Granted> forMe = granted.stream().filter(g -> g.peer == c).toList();
                if (!forMe.isEmpty() && rnd.nextInt(3) != 0) {
                    Granted g = forMe.get(rnd.nextInt(forMe.size()));
                    doms2[i] = g.granter;
                    ref = g.ref;
                }
                LittleEndian.putI32(s, o + GnttabMapGrantRefDescriptor.REF_OFFSET, ref);
                LittleEndian.putI64(
                        s, o + GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET, hostAddr(c, flags[i], pages[i]));
                LittleEndian.putI32(s, o + GnttabMapGrantRefDescriptor.FLAGS_OFFSET, flags[i]);
                LittleEndian.putU16(s, o + GnttabMapGrantRefDescriptor.DOM_OFFSET, doms2[i]);
            }
            long rc = gnttab(c, GnttabOp.GNTTABOP_map_grant_ref, s, n);
            StringBuilder b = new StringBuilder("d" + c + " map x" + n + " = " + rc + ":");
            for (int i = 0; rc == 0 && i < n; i++) {
                int o = i * GnttabMapGrantRefDescriptor.SIZE;
                int st = status16(s, o + GnttabMapGrantRefDescriptor.STATUS_OFFSET);
                b.append(" [d")
                        .append(doms2[i])
                        .append(" ref ")
                        .append(LittleEndian.getI32(s, o + 12))
                        .append(" flags ")
                        .append(flags[i])
                        .append(' ')
                        .append(GnttabStatus.nameOf(st))
                        .append(']');
                checkStatus("map_grant_ref", st, MAP_STATUSES);
                if (st == 0) {
                    reached.add("map ok");
                    mappings.add(new Mapping(
                            c,
                            LittleEndian.getU32(s, o + GnttabMapGrantRefDescriptor.HANDLE_OFFSET),
                            LittleEndian.getI64(s, o + GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET),
                            LittleEndian.getI64(s, o + GnttabMapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET),
                            flags[i],
                            pages[i],
                            doms2[i],
                            LittleEndian.getI32(s, o + GnttabMapGrantRefDescriptor.REF_OFFSET)));
                }
            }
            log(b.toString());
        }

        Mapping pickMapping(int c) {
            List<Mapping> mine = mappings.stream().filter(m -> m.domid == c).toList();
            return mine.isEmpty() || rnd.nextInt(8) == 0 ? null : mine.get(rnd.nextInt(mine.size()));
        }

        void unmap(int c) {
            Mapping m = pickMapping(c);
            long handle = m == null ? rnd.nextInt(40) : m.handle;
            long host = m == null ? doms[c].dataVa(rnd.nextInt(DATA_PAGES)) : m.hostAddr;
            long dev = m == null ? 0 : m.devBusAddr;
            int r = rnd.nextInt(12);
            if (r == 0) {
                host = doms[c].dataVa(rnd.nextInt(DATA_PAGES));
            } else if (r == 1) {
                dev = dev + 4096;
            } else if (r == 2) {
                dev = 0;
            }
            byte[] s = new byte[GnttabUnmapGrantRefDescriptor.SIZE];
            LittleEndian.putI64(s, GnttabUnmapGrantRefDescriptor.HOST_ADDR_OFFSET, host);
            LittleEndian.putI64(s, GnttabUnmapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET, dev);
            LittleEndian.putI32(s, GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET, (int) handle);
            long rc = gnttab(c, GnttabOp.GNTTABOP_unmap_grant_ref, s, 1);
            int st = status16(s, GnttabUnmapGrantRefDescriptor.STATUS_OFFSET);
            log("d" + c + " unmap handle " + handle + " at " + Long.toHexString(host) + " dev " + dev + " = " + rc + " "
                    + GnttabStatus.nameOf(st));
            if (rc == 0) {
                checkStatus("unmap_grant_ref", st, UNMAP_STATUSES);
                if (st == 0 && m != null) {
                    reached.add("unmap ok");
                    mappings.remove(m);
                }
            }
        }

        void unmapAndReplace(int c) {
            Mapping m = pickMapping(c);
            if (m == null) {
                return;
            }
            long newAddr = rnd.nextBoolean() ? 0 : doms[c].dataVa(rnd.nextInt(DATA_PAGES));
            byte[] s = new byte[GnttabUnmapAndReplaceDescriptor.SIZE];
            LittleEndian.putI64(s, GnttabUnmapAndReplaceDescriptor.HOST_ADDR_OFFSET, m.hostAddr);
            LittleEndian.putI64(s, GnttabUnmapAndReplaceDescriptor.NEW_ADDR_OFFSET, newAddr);
            LittleEndian.putI32(s, GnttabUnmapAndReplaceDescriptor.HANDLE_OFFSET, (int) m.handle);
            long rc = gnttab(c, GnttabOp.GNTTABOP_unmap_and_replace, s, 1);
            int st = status16(s, GnttabUnmapAndReplaceDescriptor.STATUS_OFFSET);
            log("d" + c + " unmap_and_replace handle " + m.handle + " new " + Long.toHexString(newAddr) + " = " + rc
                    + " " + GnttabStatus.nameOf(st));
            if (rc == 0) {
                checkStatus("unmap_and_replace", st, UNMAP_STATUSES);
                if (st == 0) {
                    mappings.remove(m);
                }
            }
        }

        void copy(int c) {
            int n = 1 + rnd.nextInt(3);
            byte[] s = new byte[n * GnttabCopyDescriptor.SIZE];
            for (int i = 0; i < n; i++) {
                int o = i * GnttabCopyDescriptor.SIZE;
                int flags = rnd.nextInt(4);
                putSide(
                        c,
                        s,
                        o + GnttabCopyDescriptor.SOURCE_U_OFFSET,
                        o + GnttabCopyDescriptor.SOURCE_DOMID_OFFSET,
                        o + GnttabCopyDescriptor.SOURCE_OFFSET_OFFSET,
                        (flags & GntMap.GNTCOPY_source_gref) != 0);
                putSide(
                        c,
                        s,
                        o + GnttabCopyDescriptor.DEST_U_OFFSET,
                        o + GnttabCopyDescriptor.DEST_DOMID_OFFSET,
                        o + GnttabCopyDescriptor.DEST_OFFSET_OFFSET,
                        (flags & GntMap.GNTCOPY_dest_gref) != 0);
                int len = rnd.nextInt(5) == 0 ? rnd.nextInt(1 << 16) : rnd.nextInt(4097);
                LittleEndian.putU16(s, o + GnttabCopyDescriptor.LEN_OFFSET, len);
                LittleEndian.putU16(s, o + GnttabCopyDescriptor.FLAGS_OFFSET, rnd.nextInt(30) == 0 ? 7 : flags);
            }
            long rc = gnttab(c, GnttabOp.GNTTABOP_copy, s, n);
            StringBuilder b = new StringBuilder("d" + c + " copy x" + n + " = " + rc + ":");
            for (int i = 0; rc == 0 && i < n; i++) {
                int st = status16(s, i * GnttabCopyDescriptor.SIZE + GnttabCopyDescriptor.STATUS_OFFSET);
                b.append(' ').append(GnttabStatus.nameOf(st));
                checkStatus("copy", st, COPY_STATUSES);
                if (st == 0) {
                    reached.add("copy ok");
                }
            }
            log(b.toString());
        }

        void putSide(int c, byte[] s, int uOff, int domOff, int offOff, boolean gref) {
            int dom = gref ? rnd.nextInt(DOMAINS) : (rnd.nextInt(6) == 0 ? anyDomid() : DomId.DOMID_SELF);
            long u = gref ? pickRef() : doms[c].dataMfn[rnd.nextInt(DATA_PAGES)];
            LittleEndian.putI64(s, uOff, u);
            LittleEndian.putU16(s, domOff, dom);
            int off = rnd.nextInt(4) == 0 ? rnd.nextInt(1 << 16) : rnd.nextInt(4096);
            LittleEndian.putU16(s, offOff, off);
        }

        void transfer(int c) {
            byte[] s = new byte[GnttabTransferDescriptor.SIZE];
            long mfn = rnd.nextInt(4) == 0 ? rnd.nextLong(9000) : doms[c].dataMfn[rnd.nextInt(DATA_PAGES)];
            int to = rnd.nextInt(DOMAINS);
            int ref = pickRef();
            LittleEndian.putI64(s, GnttabTransferDescriptor.MFN_OFFSET, mfn);
            LittleEndian.putU16(s, GnttabTransferDescriptor.DOMID_OFFSET, to);
            LittleEndian.putI32(s, GnttabTransferDescriptor.REF_OFFSET, ref);
            long rc = gnttab(c, GnttabOp.GNTTABOP_transfer, s, 1);
            int st = status16(s, GnttabTransferDescriptor.STATUS_OFFSET);
            log("d" + c + " transfer mfn " + mfn + " to d" + to + " ref " + ref + " = " + rc + " "
                    + GnttabStatus.nameOf(st));
            if (rc == 0) {
                checkStatus("transfer", st, TRANSFER_STATUSES);
                if (st == 0) {
                    reached.add("transfer ok");
                }
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // the PV MMU on the pages involved

        void mmu(int c) {
            Dom d = doms[c];
            int page = rnd.nextInt(DATA_PAGES);
            int r = rnd.nextInt(8);
            long mfn = d.dataMfn[page];
            switch (r) {
                case 0 -> mmuUpdate(c, d.pteMaddr[page], X86Paging.entry(mfn, StartOfDayLayout.L1_PROT_RO), "RO");
                case 1 -> mmuUpdate(c, d.pteMaddr[page], X86Paging.entry(mfn, StartOfDayLayout.L1_PROT), "RW");
                case 2 -> {
                    long rc = mmuext(c, MmuextCmd.MMUEXT_PIN_L1_TABLE, mfn);
                    log("d" + c + " pin page " + page + " (mfn " + mfn + ") as L1 = " + Errno.describe(rc));
                    reached.add(rc == 0 ? "pin ok" : "pin refused");
                }
                case 3 ->
                    log("d" + c + " unpin page " + page + " = "
                            + Errno.describe(mmuext(c, MmuextCmd.MMUEXT_UNPIN_TABLE, mfn)));
                case 4 -> mmuUpdate(c, d.pteMaddr[page], rnd.nextBoolean() ? 0 : rnd.nextLong(), "overwrite");
                case 5 -> {
                    int owner = rnd.nextInt(DOMAINS);
                    long[] frames = doms[owner].grantFrames;
                    if (frames.length > 0) {
                        long f = frames[rnd.nextInt(frames.length)];
                        int flags = rnd.nextBoolean() ? StartOfDayLayout.L1_PROT : StartOfDayLayout.L1_PROT_RO;
                        mmuUpdate(c, d.pteMaddr[page], X86Paging.entry(f, flags), "grant frame of d" + owner);
                    }
                }
                case 6 -> {
                    // an entry of the page itself, as if it were an L1 (a plain write unless it is one)
                    long ptr = (mfn << X86Paging.PAGE_SHIFT) + 8L * rnd.nextInt(512);
                    mmuUpdate(
                            c,
                            ptr,
                            X86Paging.entry(doms[c].dataMfn[rnd.nextInt(DATA_PAGES)], StartOfDayLayout.L1_PROT),
                            "entry in page " + page);
                }
                default -> {
                    Mapping m = pickMapping(c);
                    if (m != null && (m.flags & GntMap.GNTMAP_host_map) != 0) {
                        long ptr = (m.flags & GntMap.GNTMAP_contains_pte) != 0 ? m.hostAddr : pteMaddr(c, m.hostAddr);
                        mmuUpdate(c, ptr, X86Paging.entry(mfn, StartOfDayLayout.L1_PROT), "over grant PTE");
                        reached.add("grant pte overwrite tried");
                    }
                }
            }
        }

        void mmuUpdate(int c, long ptr, long val, String what) {
            byte[] s = new byte[MmuUpdateDescriptor.SIZE];
            LittleEndian.putI64(s, MmuUpdateDescriptor.PTR_OFFSET, ptr);
            LittleEndian.putI64(s, MmuUpdateDescriptor.VAL_OFFSET, val);
            Vcpu v = hv.vcpu(c, 0);
            hv.guestWrite(v, hv.now(), doms[c].scratchVa, s, 0, s.length);
            long rc = hv.hypercall(
                    v, hv.now(), Hypercall.mmu_update.number, doms[c].scratchVa, 1, 0, DomId.DOMID_SELF, 0);
            checkRc("mmu_update by d" + c, rc);
            log("d" + c + " mmu_update " + what + " ptr " + Long.toHexString(ptr) + " = " + Errno.describe(rc));
        }

        long mmuext(int c, MmuextCmd cmd, long mfn) {
            byte[] s = new byte[MmuextOpDescriptor.SIZE];
            LittleEndian.putI32(s, MmuextOpDescriptor.CMD_OFFSET, cmd.code);
            LittleEndian.putI64(s, MmuextOpDescriptor.ARG1_OFFSET, mfn);
            Vcpu v = hv.vcpu(c, 0);
            hv.guestWrite(v, hv.now(), doms[c].scratchVa, s, 0, s.length);
            long rc =
                    hv.hypercall(v, hv.now(), Hypercall.mmuext_op.number, doms[c].scratchVa, 1, 0, DomId.DOMID_SELF, 0);
            checkRc("mmuext_op by d" + c, rc);
            return rc;
        }
    }
}
