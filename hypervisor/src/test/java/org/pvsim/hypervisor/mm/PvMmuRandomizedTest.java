package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MulticallEntryDescriptor;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.audit.HostSnapshot;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.Machine;
import org.pvsim.hypervisor.testing.Seeds;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * Seeded random PV MMU, memory_op and multicall hypercalls from dom0 and two domUs, with the auditor after every
 * call (I1, I2, I4, I5, I6, I17), Xen's possible results checked for every call and every multicall entry, failure
 * atomicity (I15) checked for every single-operation call that fails, and at the end a teardown that must give every
 * frame of the destroyed domUs back to the pool.
 *
 * <p>Seeds: {@link #DEFAULT_SEEDS}, or the comma-separated list in the system property {@code pvsim.seed}
 * ({@code mvn -pl hypervisor verify -Dtest=PvMmuRandomizedTest -Dpvsim.seed=42}); {@code pvsim.steps} sets the calls
 * per seed. A failure names its seed and shows the last calls made.
 */
class PvMmuRandomizedTest {
    static final long[] DEFAULT_SEEDS = {1, 2, 3, 42, 0xC0FFEE};
    static final int DEFAULT_STEPS = 1500;
    static final int HISTORY = 40;
    static final int POOL_PAGES = 48;

    @TestFactory
    Stream<DynamicTest> randomMmuMemoryAndMulticallCallsKeepEveryInvariant() {
        return Seeds.tests(DEFAULT_SEEDS, DEFAULT_STEPS, (seed, steps) -> new Run(seed, steps).run());
    }

    /** One seed's run. */
    private static final class Run {
        private final long seed;
        private final int steps;
        private final SplittableRandom rnd;
        private final TestHost host;
        private final Hypervisor hv;
        private final List<RandomGuest> guests = new ArrayList<>();
        private final RandomCalls calls;
        private final Deque<String> history = new ArrayDeque<>();
        private int step;
        /** The kinds of deep state the run has reached: each must be reached, or the generator has gone stale. */
        private final java.util.Set<String> reached = new java.util.TreeSet<>();

        Run(long seed, int steps) {
            this.seed = seed;
            this.steps = steps;
            this.rnd = new SplittableRandom(seed);
            this.host = TestHost.boot();
            this.hv = host.hv;
            TestGuest dom0 = host.dom0();
            TestGuest d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
            TestGuest d2 = host.domU(2, TestHost.DEFAULT_DOMU_PAGES);
            setMaxPages(dom0, 0, dom0.domain.totPages() + 200);
            setMaxPages(dom0, 1, d1.domain.totPages() + 64);
            setMaxPages(dom0, 2, d2.domain.totPages() + 64);
            for (TestGuest g : List.of(dom0, d1, d2)) {
                guests.add(new RandomGuest(g, rnd.split(), POOL_PAGES));
            }
            for (RandomGuest g : guests) {
                g.all = guests;
            }
            this.calls = new RandomCalls(guests);
            host.auditAfterEveryHypercall();
        }

        private static void setMaxPages(TestGuest dom0, int domid, long pages) {
            byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_mem, domid);
            LittleEndian.putI64(
                    op, DomctlDescriptor.U_MAX_MEM_OFFSET + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, pages * 4);
            assertThat(dom0.domctl(op)).isZero();
        }

        void run() {
            try {
                for (step = 0; step < steps; step++) {
                    int r = rnd.nextInt(100);
                    RandomGuest a = guests.get(r < 30 ? 0 : r < 65 ? 1 : 2);
                    a.args.reset();
                    make(calls.next(a));
                }
                if (steps >= DEFAULT_STEPS) {
                    assertThat(reached)
                            .as("deep states the generator reached in %d calls", steps)
                            .containsAll(RandomCalls.DEEP_STATES);
                }
                teardown();
            } catch (Throwable t) {
                throw new AssertionError(
                        "randomized PV MMU test failed with seed " + seed + " at call " + step
                                + " (re-run: mvn -pl hypervisor verify -Dtest=PvMmuRandomizedTest -Dpvsim.seed=" + seed
                                + ")\nlast calls, oldest first:\n  " + String.join("\n  ", history) + "\n" + t,
                        t);
            }
        }

        private void log(String line) {
            history.addLast(line);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }

        private long make(RandomCalls.Planned p) {
            RandomGuest a = p.caller;
            log("#" + step + " d" + a.domid + " " + p.what);
            HostSnapshot before = p.atomicOnFailure ? HostSnapshot.of(hv) : null;
            long rc = hv.hypercall(
                    a.g.vcpu(), hv.now(), (int) p.op, p.args[0], p.args[1], p.args[2], p.args[3], p.args[4]);
            log("    -> " + Errno.describe(rc));
            host.assertNoViolationsAfterCalls();
            assertThat(hv.bugs()).as("hypervisor bugs").isEmpty();
            String wrong = p.check(rc);
            if (wrong != null) {
                throw new AssertionError(p.what + ": " + wrong);
            }
            if (before != null && rc < 0) {
                String diff = failureEffect(before, HostSnapshot.of(hv));
                if (diff != null) {
                    throw new AssertionError(
                            "I15: " + p.what + " failed with " + Errno.describe(rc) + " but changed the host: " + diff);
                }
            }
            if (!p.subCalls.isEmpty() && rc == 0) {
                long list = p.args[0];
                for (int i = 0; i < p.subCalls.size(); i++) {
                    RandomCalls.Planned sub = p.subCalls.get(i);
                    long result = a.g.read64(
                            list + (long) i * MulticallEntryDescriptor.SIZE + MulticallEntryDescriptor.RESULT_OFFSET);
                    String bad = sub.check(result);
                    if (bad != null) {
                        throw new AssertionError("multicall entry " + i + " (" + sub.what + "): " + bad);
                    }
                    if (sub.tag != null && result >= 0 && (result > 0 || sub.maxCount < 0)) {
                        reached.add(sub.tag);
                    }
                    sub.after.accept(result);
                }
            }
            if (p.tag != null && rc >= 0 && (rc > 0 || p.maxCount < 0)) {
                reached.add(p.tag);
            }
            p.after.accept(rc);
            return rc;
        }

        /**
         * What a failed call changed that Xen's would not have, or null. One change is Xen's own: validating an L1
         * forces the entries that map I/O frames uncacheable in the guest's page ({@code promote_l1_table} flips their
         * cache attributes in place) and a validation that fails later in the tree does not flip them back.
         */
        private String failureEffect(HostSnapshot before, HostSnapshot after) {
            String diff = before.firstVisibleDifferenceButContents(after);
            if (diff != null) {
                return diff;
            }
            for (long frame : before.framesWithChangedContents(after)) {
                for (int i = 0; i < 512; i++) {
                    long was = before.word(frame, i);
                    long is = after.word(frame, i);
                    if (was != is && !isUncacheableFlipOfAnIoEntry(was, is)) {
                        return "word " + i + " of frame " + frame + " changed: " + Long.toHexString(was) + " -> "
                                + Long.toHexString(is);
                    }
                }
            }
            return null;
        }

        private boolean isUncacheableFlipOfAnIoEntry(long was, long is) {
            long cacheAttrs = X86Paging._PAGE_PWT | X86Paging._PAGE_PCD | X86Paging._PAGE_PAT;
            long target = X86Paging.mfn(was);
            boolean io = !hv.machine().memory().isRam(target)
                    || hv.machine().frames().owner(target) == DomId.DOMID_IO;
            return X86Paging.isPresent(was) && io && ((was ^ is) & ~cacheAttrs) == 0;
        }

        /** A call the teardown needs to succeed. */
        private void must(RandomCalls.Planned p) {
            long rc = make(p);
            assertThat(rc).as(p.what).isZero();
        }

        /**
         * dom0 lets go of everything it holds of the domUs, the domUs are destroyed, and every frame must then be
         * either dom0's or free: nothing leaked, no domain left behind.
         */
        private void teardown() {
            step = -1;
            RandomGuest d0 = guests.get(0);
            FrameTable frames = hv.machine().frames();
            d0.args.reset();
            // back to the bootstrap root if it still validates (its hook slots may hold anything by now)
            make(calls.mmuext(
                    d0,
                    new int[] {MmuextCmd.MMUEXT_NEW_BASEPTR.code},
                    new long[] {d0.l4},
                    new long[] {0},
                    DomId.DOMID_SELF,
                    false));
            d0.args.reset();
            must(calls.mmuext(
                    d0,
                    new int[] {MmuextCmd.MMUEXT_NEW_USER_BASEPTR.code},
                    new long[] {0},
                    new long[] {0},
                    DomId.DOMID_SELF,
                    false));
            List<Long> tables = new ArrayList<>();
            for (long m : d0.poolMfn) {
                tables.add(m);
            }
            tables.addAll(d0.roots);
            tables.add(d0.l4);
            for (long m : tables) {
                if (frames.owner(m) != 0 || m == hv.vcpu(0, 0).guestTable()) {
                    continue;
                }
                d0.args.reset();
                long[] ptrs = new long[512 - 17];
                int n = 0;
                for (int i = 0; i < 512; i++) {
                    if (i >= 256 && i <= RandomGuest.MAP_SLOT) {
                        continue;
                    }
                    ptrs[n++] = TestGuest.entryMaddr(m, i);
                }
                must(calls.mmuUpdateOf(d0, ptrs, new long[n], DomId.DOMID_SELF, false));
                d0.args.reset();
                make(calls.mmuext(
                        d0,
                        new int[] {MmuextCmd.MMUEXT_UNPIN_TABLE.code},
                        new long[] {m},
                        new long[] {0},
                        DomId.DOMID_SELF,
                        false));
            }
            d0.args.reset();
            List<Long> hooks = new ArrayList<>();
            for (int i = 0; i < RandomGuest.L2_HOOK_COUNT; i++) {
                hooks.add(TestGuest.entryMaddr(d0.l2, d0.firstL2Hook + i));
            }
            for (int s : RandomGuest.L3_HOOKS) {
                hooks.add(TestGuest.entryMaddr(d0.l3, s));
            }
            for (int s : RandomGuest.L4_HOOKS) {
                hooks.add(TestGuest.entryMaddr(hv.vcpu(0, 0).guestTable(), s));
            }
            long[] hookPtrs = hooks.stream().mapToLong(Long::longValue).toArray();
            must(calls.mmuUpdateOf(d0, hookPtrs, new long[hookPtrs.length], DomId.DOMID_SELF, false));
            for (long pfn : d0.pool) {
                d0.args.reset();
                must(calls.uvm(d0, d0.g.va(pfn), 0, 0));
            }
            for (int domid = 1; domid <= 2; domid++) {
                d0.args.reset();
                byte[] destroy = Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, domid);
                long va = d0.args.put(destroy);
                log("teardown: destroydomain d" + domid);
                assertThat(hv.hypercall(d0.g.vcpu(), hv.now(), Hypercall.domctl.number, va, 0, 0, 0, 0))
                        .isZero();
                host.assertNoViolationsAfterCalls();
            }
            assertThat(hv.domains().all())
                    .as("no domU left behind, not even dead")
                    .extracting(d -> d.domid())
                    .containsExactly(0);
            long xenHeld = 0;
            long io = 0;
            for (long m = 0; m < hv.machine().nrFrames(); m++) {
                if (frames.owner(m) == DomId.DOMID_XEN && frames.hasPgc(m, FrameTable.PGC_xen_heap)) {
                    xenHeld++;
                } else if (frames.owner(m) == DomId.DOMID_IO) {
                    io++;
                }
            }
            assertThat(io).as("the low megabyte's I/O frames").isEqualTo(Machine.LOW_IO_FRAMES);
            assertThat(xenHeld)
                    .as("a shared_info dom0 gave back, which Xen keeps")
                    .isLessThanOrEqualTo(1);
            long dom0Frames = d0.g.domain.totPages() + d0.g.domain.xenheapPages();
            assertThat(host.freeFrames() + dom0Frames + xenHeld + io)
                    .as("every frame is free, dom0's, Xen's or I/O")
                    .isEqualTo(hv.machine().nrFrames());
            host.assertAudit();
        }
    }
}
