package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.paging.GuestPageWalker;
import org.pvsim.hypervisor.paging.TranslationCache;
import org.pvsim.hypervisor.testing.Seeds;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * The software TLB against its oracle: seeded random PV MMU, memory_op and multicall hypercalls from dom0 and two
 * domUs ({@link RandomCalls}: mmu_update, update_va_mapping, pins and unpins, root copies, base switches, frees), and
 * after every call each guest's probe addresses are translated through the hypervisor's own {@link TranslationCache}
 * (which the calls' argument copies also fill) and through an uncached {@link GuestPageWalker}: both must agree, for
 * reads and writes, on every root the guest has used. The probes persist across calls, so an entry filled before a
 * change and not voided by it is found. They are mostly addresses the tables map (sampled from the live trees), plus
 * addresses in the hooked slots that may fault.
 *
 * <p>Seeds: {@link #DEFAULT_SEEDS}, or the comma-separated list in {@code pvsim.seed} ({@code mvn -pl hypervisor test
 * -Dtest=TranslationCacheRandomizedTest -Dpvsim.seed=42}); {@code pvsim.steps} sets the calls per seed.
 */
class TranslationCacheRandomizedTest {
    static final long[] DEFAULT_SEEDS = {1, 2, 3, 42, 0xC0FFEE};
    static final int DEFAULT_STEPS = 1200;
    static final int POOL_PAGES = 48;
    static final int MAPPED_PROBES = 40;
    static final int WILD_PROBES = 12;
    static final int RESAMPLE_EVERY = 50;

    @TestFactory
    Stream<DynamicTest> cachedTranslationsAlwaysEqualAFreshWalk() {
        return Seeds.tests(DEFAULT_SEEDS, DEFAULT_STEPS, (seed, steps) -> new Run(seed, steps).run());
    }

    /** One seed's run. */
    private static final class Run {
        private final long seed;
        private final int steps;
        private final SplittableRandom rnd;
        private final Hypervisor hv;
        private final MachineMemory memory;
        private final TranslationCache tlb;
        private final GuestPageWalker oracle;
        private final List<RandomGuest> guests = new ArrayList<>();
        private final RandomCalls calls;
        private final List<long[]> probes = new ArrayList<>();
        private final Deque<String> history = new ArrayDeque<>();
        private int step;
        private long compared;
        private long mappedCompared;

        Run(long seed, int steps) {
            this.seed = seed;
            this.steps = steps;
            this.rnd = new SplittableRandom(seed);
            TestHost host = TestHost.boot();
            this.hv = host.hv;
            this.memory = hv.machine().memory();
            this.tlb = hv.guestMemory().translationCache();
            this.oracle = new GuestPageWalker(memory);
            TestGuest dom0 = host.dom0();
            TestGuest d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
            TestGuest d2 = host.domU(2, TestHost.DEFAULT_DOMU_PAGES);
            for (TestGuest g : List.of(dom0, d1, d2)) {
                guests.add(new RandomGuest(g, rnd.split(), POOL_PAGES));
            }
            for (RandomGuest g : guests) {
                g.all = guests;
            }
            this.calls = new RandomCalls(guests);
        }

        void run() {
            try {
                for (step = 0; step < steps; step++) {
                    if (step % RESAMPLE_EVERY == 0) {
                        resample();
                    }
                    int r = rnd.nextInt(100);
                    RandomGuest a = guests.get(r < 30 ? 0 : r < 65 ? 1 : 2);
                    a.args.reset();
                    RandomCalls.Planned p = calls.next(a);
                    log("#" + step + " d" + a.domid + " " + p.what);
                    long rc = hv.hypercall(
                            a.g.vcpu(), hv.now(), (int) p.op, p.args[0], p.args[1], p.args[2], p.args[3], p.args[4]);
                    log("    -> " + Errno.describe(rc) + " (generation " + memory.ptGeneration() + ")");
                    p.after.accept(rc);
                    assertThat(hv.bugs()).as("hypervisor bugs").isEmpty();
                    compareAll();
                }
                assertThat(mappedCompared)
                        .as("translations of mapped pages compared")
                        .isGreaterThan(steps * 10L);
                assertThat(tlb.hits()).as("cache hits").isGreaterThan(steps * 10L);
            } catch (Throwable t) {
                throw new AssertionError(
                        "translation cache test failed with seed " + seed + " at call " + step
                                + " (re-run: mvn -pl hypervisor test -Dtest=TranslationCacheRandomizedTest"
                                + " -Dpvsim.seed=" + seed + ")\nlast calls, oldest first:\n  "
                                + String.join("\n  ", history) + "\n" + t,
                        t);
            }
        }

        private void log(String line) {
            history.addLast(line);
            if (history.size() > 30) {
                history.removeFirst();
            }
        }

        /** Every probe, read and write: the cache must answer exactly what a fresh walk does. */
        private void compareAll() {
            for (long[] probe : probes) {
                for (boolean write : new boolean[] {false, true}) {
                    long want = oracle.translate(probe[0], probe[1], write);
                    long got = tlb.translate(probe[0], probe[1], write);
                    if (got != want) {
                        throw new AssertionError(String.format(
                                "stale translation: root %d va %#x %s: cache %s, walk %s",
                                probe[0], probe[1], write ? "write" : "read", show(got), show(want)));
                    }
                    compared++;
                    if (!GuestPageWalker.isFault(want)) {
                        mappedCompared++;
                    }
                }
            }
        }

        private static String show(long r) {
            return GuestPageWalker.isFault(r)
                    ? "fault " + Integer.toHexString(GuestPageWalker.faultCode(r))
                    : "maddr " + Long.toHexString(r);
        }

        /** New probes: mapped pages sampled from every root each guest has, and some wild addresses. */
        private void resample() {
            probes.clear();
            for (RandomGuest g : guests) {
                Set<Long> roots = new LinkedHashSet<>();
                roots.add(g.l4);
                roots.addAll(g.roots);
                Vcpu v = g.g.vcpu();
                if (v.guestTable() != Vcpu.NO_BASE) {
                    roots.add(v.guestTable());
                }
                for (long root : roots) {
                    List<Long> mapped = new ArrayList<>();
                    collectMapped(root, 4, 0, mapped);
                    for (int i = 0; i < MAPPED_PROBES && !mapped.isEmpty(); i++) {
                        long va = mapped.get(rnd.nextInt(mapped.size())) + rnd.nextInt(X86Paging.PAGE_SIZE);
                        probes.add(new long[] {root, va});
                    }
                    for (int i = 0; i < WILD_PROBES; i++) {
                        probes.add(new long[] {root, wildVa()});
                    }
                }
            }
        }

        private long wildVa() {
            int l4 = rnd.nextBoolean()
                    ? RandomGuest.L4_HOOKS[rnd.nextInt(RandomGuest.L4_HOOKS.length)]
                    : RandomGuest.MAP_SLOT;
            long va = ((long) l4 << 39)
                    | ((long) rnd.nextInt(10) << 30)
                    | ((long) rnd.nextInt(16) << 21)
                    | ((long) rnd.nextInt(512) << 12);
            return X86Paging.isCanonical(va) ? va : va | 0xFFFF_0000_0000_0000L;
        }

        /** Page-aligned addresses whose walk reaches a present L1 entry (at most a few thousand per root). */
        private void collectMapped(long table, int level, long prefix, List<Long> out) {
            if (!memory.isRam(table) || out.size() >= 4096) {
                return;
            }
            for (int i = 0; i < 512; i++) {
                if (level == 4 && !XenAddressSpace.isGuestL4Slot(i)) {
                    continue;
                }
                long e = memory.read64(table, i * 8);
                if ((e & X86Paging._PAGE_PRESENT) == 0 || (level > 1 && (e & X86Paging._PAGE_PSE) != 0)) {
                    continue;
                }
                long va = prefix | ((long) i << (12 + 9 * (level - 1)));
                if (level == 1) {
                    out.add(X86Paging.isCanonical(va) ? va : va | 0xFFFF_0000_0000_0000L);
                } else {
                    collectMapped(X86Paging.mfn(e), level - 1, va, out);
                }
            }
        }
    }
}
