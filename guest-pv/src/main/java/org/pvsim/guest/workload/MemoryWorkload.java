package org.pvsim.guest.workload;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.MulticallBatch;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.MmuUpdateCmd;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * {@code memory}: a balloon driver that never rests. It sets aside {@code max} of the kernel's pages (its arena) and
 * fills each with a pattern. Then, {@code step} pages per operation, it gives pages back to Xen until the whole arena
 * is out, and takes them back until none is, and again:
 *
 * <ul>
 *   <li><b>out</b> (as Linux's balloon driver does): check the page still holds its pattern, unmap it ({@code
 *       update_va_mapping} to 0, batched in a multicall), mark it invalid in the P2M, and return its frame with
 *       {@code XENMEM_decrease_reservation};
 *   <li><b>in</b>: get frames with {@code XENMEM_populate_physmap} (Xen sets their M2P entries) on even cycles, with
 *       {@code XENMEM_increase_reservation} plus {@code MMU_MACHPHYS_UPDATE} on odd ones; check the M2P, update the
 *       P2M, map them again (a multicall of {@code update_va_mapping}), write a new pattern and read it back.
 * </ul>
 *
 * A page's pattern is checked when it next goes out, after the other operations in between: data written to a
 * ballooned-in page must survive. A mismatch is a kernel panic. With {@code cycles > 0} the domain powers off after
 * that many full out-and-in cycles. After each operation it computes {@code work} of CPU time, the rest of what a
 * guest does between two balloon operations. The domain never holds more pages than it booted with, so {@code max_pages}
 * always allows the way back in; if the host is short of memory, the missing pages stay out and are asked for again.
 */
public final class MemoryWorkload implements Workload {
    /** The most pages one operation moves: one multicall's worth of {@code update_va_mapping}. */
    public static final int MAX_STEP = MulticallBatch.MAX_ENTRIES;

    /** The spec: {@code workload=memory step=16 max=64 cycles=0 work=100us}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "memory",
            "balloons pages out to Xen and back with memory_op, checking the data in them",
            List.of(
                    WorkloadArgument.count("step", "16", 1, MAX_STEP, "pages given back or taken back per operation"),
                    WorkloadArgument.count("max", "64", 1, 1 << 20, "pages out at most (the arena set aside)"),
                    WorkloadArgument.count(
                            "cycles", "0", 0, 1_000_000_000L, "out-and-in cycles before powering off; 0 runs forever"),
                    WorkloadArgument.duration(
                            "work", "100us", 0, 1_000_000_000, "CPU time computed after each operation")),
            MemoryWorkload::together,
            MemoryWorkload::new);

    /** Offsets in a page where its pattern is written. */
    private static final int[] PATTERN_OFFSETS = {0, PAGE_SIZE / 2, PAGE_SIZE - 8};

    private static final long FLUSH = UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL;

    private final int step;
    private final int max;
    private final long cycles;
    private final long workNs;
    private final long[] extents;
    private final int[] chosen;
    private final long[] ptrs;
    private final long[] vals;
    private long[] arena;
    private boolean[] out;
    private long[] generation;
    private int outCount;
    private boolean goingOut = true;

    private long cycle;
    private long operations;
    private long pagesOut;
    private long pagesIn;
    private long wordsVerified;
    private long shortfalls;
    private long lastReservation = -1;
    private long lowestReservation = Long.MAX_VALUE;

    MemoryWorkload(Map<String, String> args) {
        this.step = (int) ArgumentType.Count.parse(args.get("step"));
        this.max = (int) ArgumentType.Count.parse(args.get("max"));
        this.cycles = ArgumentType.Count.parse(args.get("cycles"));
        this.workNs = ArgumentType.Duration.parse(args.get("work"));
        this.extents = new long[step];
        this.chosen = new int[step];
        this.ptrs = new long[step];
        this.vals = new long[step];
    }

    private static Optional<String> together(Map<String, String> args) {
        long step = ArgumentType.Count.parse(args.get("step"));
        long max = ArgumentType.Count.parse(args.get("max"));
        return step > max
                ? Optional.of("step=" + step + " is more than max=" + max + ": one operation cannot move more pages"
                        + " than the arena holds")
                : Optional.empty();
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        if (arena == null) {
            setUp(kernel, cpu);
            return;
        }
        Hypercalls hc = kernel.hypercalls(cpu);
        if (goingOut) {
            balloonOut(kernel, cpu, hc, Math.min(step, max - outCount));
            if (outCount == max) {
                goingOut = false;
            }
        } else {
            balloonIn(kernel, cpu, hc, Math.min(step, outCount));
            if (outCount == 0) {
                goingOut = true;
                cycle++;
                if (cycles > 0 && cycle == cycles) {
                    kernel.printk(cpu, "memory: " + cycle + " balloon cycles done; powering off");
                    kernel.poweroff(cpu);
                    return;
                }
            }
        }
        operations++;
        lastReservation = hc.currentReservation(DomId.DOMID_SELF);
        lowestReservation = Math.min(lowestReservation, lastReservation);
        cpu.compute(workNs);
    }

    private void setUp(Kernel kernel, GuestCpu cpu) {
        if (kernel.freePages() < max) {
            throw kernel.panic(cpu, "memory: max=" + max + " pages, but only " + kernel.freePages() + " are free");
        }
        arena = new long[max];
        out = new boolean[max];
        generation = new long[max];
        for (int i = 0; i < max; i++) {
            arena[i] = kernel.allocPfn();
            writePattern(kernel, cpu, i);
        }
        kernel.printk(
                cpu,
                "memory: ballooning " + step + " pages at a time, up to " + max + " (pfns " + arena[0] + " to "
                        + arena[max - 1] + "), " + (cycles == 0 ? "forever" : cycles + " cycles"));
    }

    /** Gives the {@code n} lowest arena pages still in back to Xen. */
    private void balloonOut(Kernel kernel, GuestCpu cpu, Hypercalls hc, int n) {
        int k = choose(false, n);
        MulticallBatch mc = hc.multicall();
        for (int j = 0; j < k; j++) {
            int i = chosen[j];
            verifyPattern(kernel, cpu, i);
            mc.addUpdateVaMapping(kernel.va(arena[i]), 0, FLUSH);
        }
        checkBatch(kernel, cpu, mc, "unmapping pages to balloon out");
        for (int j = 0; j < k; j++) {
            long pfn = arena[chosen[j]];
            extents[j] = kernel.mfn(pfn);
            kernel.setMfn(cpu, pfn, Kernel.INVALID_MFN);
        }
        long done = hc.memoryReservation(MemoryOp.XENMEM_decrease_reservation, extents, k, 0, DomId.DOMID_SELF);
        if (done != k) {
            throw kernel.panic(
                    cpu, "memory: decrease_reservation returned " + Errno.describe(done) + " of " + k + " pages");
        }
        for (int j = 0; j < k; j++) {
            out[chosen[j]] = true;
        }
        outCount += k;
        pagesOut += k;
    }

    /** Takes the {@code n} lowest ballooned-out arena pages back from Xen. */
    private void balloonIn(Kernel kernel, GuestCpu cpu, Hypercalls hc, int n) {
        int k = choose(true, n);
        boolean populate = cycle % 2 == 0;
        for (int j = 0; j < k; j++) {
            extents[j] = arena[chosen[j]];
        }
        long done = hc.memoryReservation(
                populate ? MemoryOp.XENMEM_populate_physmap : MemoryOp.XENMEM_increase_reservation,
                extents,
                k,
                0,
                DomId.DOMID_SELF);
        if (done < 0) {
            throw kernel.panic(cpu, "memory: taking pages back failed: " + Errno.describe(done));
        }
        int got = (int) done;
        if (got < k) {
            shortfalls++;
        }
        if (!populate) {
            setM2p(kernel, cpu, hc, got);
        }
        MulticallBatch mc = hc.multicall();
        for (int j = 0; j < got; j++) {
            long pfn = arena[chosen[j]];
            long mfn = extents[j];
            if (kernel.pfnOfMfn(cpu, mfn) != pfn) {
                throw kernel.panic(
                        cpu,
                        "memory: the M2P maps new frame " + mfn + " to " + kernel.pfnOfMfn(cpu, mfn) + ", not to page "
                                + pfn);
            }
            kernel.setMfn(cpu, pfn, mfn);
            mc.addUpdateVaMapping(kernel.va(pfn), X86Paging.entry(mfn, StartOfDayLayout.L1_PROT), FLUSH);
        }
        checkBatch(kernel, cpu, mc, "mapping ballooned-in pages");
        for (int j = 0; j < got; j++) {
            int i = chosen[j];
            out[i] = false;
            generation[i]++;
            writePattern(kernel, cpu, i);
            verifyPattern(kernel, cpu, i);
        }
        outCount -= got;
        pagesIn += got;
    }

    /** {@code MMU_MACHPHYS_UPDATE} for frames from increase_reservation, which leaves their M2P entries unset. */
    private void setM2p(Kernel kernel, GuestCpu cpu, Hypercalls hc, int got) {
        for (int j = 0; j < got; j++) {
            ptrs[j] = (extents[j] << PAGE_SHIFT) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code;
            vals[j] = arena[chosen[j]];
        }
        long rc = hc.mmuUpdate(ptrs, vals, got, DomId.DOMID_SELF);
        if (rc != 0) {
            throw kernel.panic(
                    cpu,
                    "memory: MMU_MACHPHYS_UPDATE failed after " + hc.lastDone() + " of " + got + ": "
                            + Errno.describe(rc));
        }
    }

    /** Fills {@link #chosen} with up to {@code n} arena indices whose page is out (or in); returns how many. */
    private int choose(boolean wantOut, int n) {
        int k = 0;
        for (int i = 0; i < max && k < n; i++) {
            if (out[i] == wantOut) {
                chosen[k++] = i;
            }
        }
        return k;
    }

    private static void checkBatch(Kernel kernel, GuestCpu cpu, MulticallBatch mc, String what) {
        long rc = mc.execute();
        int failed = rc == 0 ? mc.firstFailure() : -1;
        if (rc != 0 || failed >= 0) {
            throw kernel.panic(
                    cpu, "memory: " + what + " failed: " + (rc != 0 ? Errno.describe(rc) : mc.describe(failed)));
        }
    }

    private long pattern(int i, int offset) {
        return (arena[i] << 32 ^ generation[i] << 12 ^ offset) * 0xC2B2_AE3D_27D4_EB4FL;
    }

    private void writePattern(Kernel kernel, GuestCpu cpu, int i) {
        long va = kernel.va(arena[i]);
        for (int offset : PATTERN_OFFSETS) {
            cpu.write64(va + offset, pattern(i, offset));
        }
    }

    private void verifyPattern(Kernel kernel, GuestCpu cpu, int i) {
        long va = kernel.va(arena[i]);
        for (int offset : PATTERN_OFFSETS) {
            long found = cpu.read64(va + offset);
            if (found != pattern(i, offset)) {
                throw kernel.panic(
                        cpu,
                        String.format(
                                "memory: page %d lost its data: %#x at offset %d, expected %#x",
                                arena[i], found, offset, pattern(i, offset)));
            }
            wordsVerified++;
        }
    }

    @Override
    public long progress() {
        return operations;
    }

    /** Pages given back to Xen so far. */
    public long pagesOut() {
        return pagesOut;
    }

    /** Pages taken back from Xen so far. */
    public long pagesIn() {
        return pagesIn;
    }

    /** Pattern words read back and found intact so far. */
    public long wordsVerified() {
        return wordsVerified;
    }

    /** Full out-and-in cycles completed. */
    public long cycles() {
        return cycle;
    }

    /** Arena pages out now. */
    public int pagesOutNow() {
        return outCount;
    }

    /** Operations where Xen gave back fewer pages than asked for. */
    public long shortfalls() {
        return shortfalls;
    }

    /** The domain's {@code tot_pages} after the last operation, or -1 before any. */
    public long lastReservation() {
        return lastReservation;
    }

    /** The lowest {@code tot_pages} seen after an operation. */
    public long lowestReservation() {
        return lowestReservation;
    }
}
