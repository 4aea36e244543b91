package org.pvsim.guest.workload;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.blkfront.Blkfront;
import org.pvsim.guest.blkfront.BlkifCompletion;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.BlkifOp;
import org.pvsim.hypervisor.abi.io.BlkifResponseDescriptor;

/**
 * {@code disk}: block I/O on the domain's first virtual disk through blkfront, with every byte checked. It keeps
 * {@code qd} requests of {@code pages} 4 KiB pages in flight over the first {@code span} MiB of the disk, at random
 * or sequential block addresses from a seeded generator. A write fills its pages with bytes derived from the block
 * and a per-block generation number; a read checks every byte against the last write that completed for the block
 * (zeros if none). {@code op=rw} mixes writes and verifying reads half and half; {@code write} and {@code read} do
 * only those. A block is never in two requests at once, so each read has one right answer.
 *
 * <p>When {@code count} requests are done it prints the IOPS, the throughput, the latency percentiles (submit to
 * completion, virtual time) and the verification: reads checked, mismatches, requests that failed. A request that
 * fails ({@code BLKIF_RSP_ERROR}) is counted, and a block whose write failed is not checked until written again.
 * Only vCPU 0 does I/O; the others stay blocked. It waits for completions by blocking ({@code SCHEDOP_block}).
 * Allocates nothing per request.
 */
public final class DiskWorkload implements Workload {
    /** The most requests {@code count} may ask for. */
    public static final long MAX_COUNT = 10_000_000;
    /** How long it sleeps while the disk is not connected yet. */
    public static final long WAIT_NS = 1_000_000;
    /** CPU time to fill or check one 4 KiB page: 500 ns. */
    public static final long PAGE_NS = 500;

    /** The spec: {@code workload=disk op=rw qd=32 pages=1 count=10000}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "disk",
            "checksummed block I/O on the first virtual disk (blkfront): IOPS, throughput, latency",
            List.of(
                    WorkloadArgument.choice("op", "rw", "writes, verifying reads, or both", "rw", "read", "write"),
                    WorkloadArgument.choice("pattern", "random", "block addresses", "random", "seq"),
                    WorkloadArgument.count("qd", "32", 1, Blkfront.RING_SIZE, "requests in flight"),
                    WorkloadArgument.count("pages", "1", 1, 11, "4 KiB pages per request"),
                    WorkloadArgument.count("count", "10000", 1, MAX_COUNT, "requests to do"),
                    WorkloadArgument.count("span", "16", 1, 16384, "MiB of the disk used, from its start"),
                    WorkloadArgument.count("seed", "1", 0, Long.MAX_VALUE, "seed of the address generator")),
            DiskWorkload::new);

    private final boolean doWrites;
    private final boolean doReads;
    private final boolean random;
    private final int qd;
    private final int pages;
    private final long count;
    private final long spanBytes;
    private final SplittableRandom rnd;
    private final Latencies latencies;
    private final byte[] page = new byte[4096];
    private final byte[] expect = new byte[4096];
    private final BlkifCompletion completion = this::completed;

    private Kernel kernel;
    private Blkfront disk;
    private long[][] slotPfns;
    private int[] slotBlock;
    private boolean[] slotWrite;
    private int[] slotGen;
    private long[] slotStart;
    private boolean[] slotBusy;
    private int[] gen;
    private boolean[] blockBusy;
    private int blocks;
    private long nextSeq;
    private long submitted;
    private long completedCount;
    private long reads;
    private long writes;
    private long verified;
    private long mismatches;
    private long errors;
    private long firstNs = -1;
    private long lastNs;
    private boolean reported;

    private DiskWorkload(Map<String, String> args) {
        String op = args.get("op");
        this.doWrites = !op.equals("read");
        this.doReads = !op.equals("write");
        this.random = args.get("pattern").equals("random");
        this.qd = (int) ArgumentType.Count.parse(args.get("qd"));
        this.pages = (int) ArgumentType.Count.parse(args.get("pages"));
        this.count = ArgumentType.Count.parse(args.get("count"));
        this.spanBytes = ArgumentType.Count.parse(args.get("span")) << 20;
        this.rnd = new SplittableRandom(ArgumentType.Count.parse(args.get("seed")));
        this.latencies = new Latencies((int) Math.min(count, 1_000_000));
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        Hypercalls hc = kernel.hypercalls(cpu);
        if (cpu.vcpuId() != 0) {
            GuestWaits.block(kernel, cpu, hc, "disk");
            return;
        }
        if (disk == null && !attach(kernel, cpu)) {
            GuestWaits.sleep(kernel, cpu, hc, WAIT_NS, "disk");
            return;
        }
        while (submitted < count && disk.isConnected() && submitOne(cpu)) {
            // fill the queue
        }
        if (submitted == count && completedCount == count && !reported) {
            report(cpu);
        }
        if (!disk.isConnected() && completedCount < count) {
            GuestWaits.sleep(
                    kernel, cpu, hc, WAIT_NS,
                    "disk"); // the backend is away: look again later (completions also wake us)
            return;
        }
        GuestWaits.block(kernel, cpu, hc, "disk");
    }

    /** Finds the disk and sets up the buffers once it is connected. */
    private boolean attach(Kernel kernel, GuestCpu cpu) {
        Blkfront f = Blkfront.first(kernel);
        if (f == null || !f.isConnected()) {
            return false;
        }
        long diskBytes = f.sectors() * 512;
        long span = Math.min(spanBytes, diskBytes);
        blocks = (int) (span / (4096L * pages));
        if (blocks < qd) {
            throw kernel.panic(cpu, "disk: the disk (" + diskBytes + " bytes) is too small for qd " + qd);
        }
        if (doWrites && f.isReadOnly()) {
            throw kernel.panic(cpu, "disk: the disk is read-only; use op=read");
        }
        slotPfns = new long[qd][pages];
        slotBlock = new int[qd];
        slotWrite = new boolean[qd];
        slotGen = new int[qd];
        slotStart = new long[qd];
        slotBusy = new boolean[qd];
        gen = new int[blocks];
        blockBusy = new boolean[blocks];
        for (int s = 0; s < qd; s++) {
            for (int p = 0; p < pages; p++) {
                long pfn = kernel.allocPfn();
                if (pfn == Kernel.NO_PAGE) {
                    throw kernel.panic(cpu, "disk: out of memory for I/O buffers");
                }
                slotPfns[s][p] = pfn;
            }
        }
        disk = f;
        kernel.printk(
                cpu,
                String.format(
                        Locale.ROOT,
                        "disk: %s on %d sectors, %s %s, qd %d, %d KiB requests, %d requests over %d MiB",
                        f.device().nodename(),
                        f.sectors(),
                        random ? "random" : "sequential",
                        doWrites && doReads ? "write+verify" : doWrites ? "write" : "read",
                        qd,
                        4 * pages,
                        count,
                        span >> 20));
        return true;
    }

    /** Submits one request if a slot and a free block are there. */
    private boolean submitOne(GuestCpu cpu) {
        int slot = -1;
        for (int s = 0; s < qd; s++) {
            if (!slotBusy[s]) {
                slot = s;
                break;
            }
        }
        if (slot < 0) {
            return false;
        }
        int b = pickBlock();
        boolean write = doWrites && (!doReads || rnd.nextBoolean());
        int g = write ? gen[b] + 1 : gen[b];
        if (write) {
            for (int p = 0; p < pages; p++) {
                fill(page, b, p, g);
                cpu.write(kernel.va(slotPfns[slot][p]), page, 0, 4096);
            }
            cpu.compute(PAGE_NS * pages);
        }
        long sector = (long) b * pages * 8;
        int op = write ? BlkifOp.BLKIF_OP_WRITE : BlkifOp.BLKIF_OP_READ;
        // The slot is taken before submitting: the response may come in an upcall before submit returns.
        long now = cpu.rdtsc();
        slotBusy[slot] = true;
        slotBlock[slot] = b;
        slotWrite[slot] = write;
        slotGen[slot] = g;
        slotStart[slot] = now;
        blockBusy[b] = true;
        if (disk.submit(cpu, op, sector, pages * 8, slotPfns[slot], completion, slot) != 0) {
            slotBusy[slot] = false;
            blockBusy[b] = false;
            return false;
        }
        if (firstNs < 0) {
            firstNs = now;
        }
        submitted++;
        return true;
    }

    private int pickBlock() {
        for (int tries = 0; ; tries++) {
            int b = random ? rnd.nextInt(blocks) : (int) (nextSeq++ % blocks);
            if (!blockBusy[b]) {
                return b;
            }
        }
    }

    /** The bytes of page {@code p} of block {@code b} at generation {@code g} (0: never written, zeros). */
    private static void fill(byte[] buf, int b, int p, int g) {
        if (g == 0) {
            java.util.Arrays.fill(buf, (byte) 0);
            return;
        }
        long x = (((long) b << 20) ^ ((long) p << 12) ^ ((long) g << 40)) * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 4096; i += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            for (int k = 0; k < 8; k++) {
                buf[i + k] = (byte) (x >>> (8 * k));
            }
        }
    }

    private void completed(GuestCpu cpu, long cookie, int status) {
        int slot = (int) cookie;
        int b = slotBlock[slot];
        long now = cpu.rdtsc();
        latencies.add(now - slotStart[slot]);
        lastNs = now;
        if (status != BlkifResponseDescriptor.BLKIF_RSP_OKAY) {
            errors++;
            if (slotWrite[slot]) {
                gen[b] = -1; // unknown content until written again
            }
        } else if (slotWrite[slot]) {
            writes++;
            gen[b] = slotGen[slot];
        } else {
            reads++;
            if (gen[b] >= 0) {
                for (int p = 0; p < pages; p++) {
                    cpu.read(kernel.va(slotPfns[slot][p]), page, 0, 4096);
                    fill(expect, b, p, gen[b]);
                    if (!java.util.Arrays.equals(page, expect)) {
                        mismatches++;
                        kernel.printk(
                                cpu, "disk: MISMATCH in block " + b + " page " + p + " (generation " + gen[b] + ")");
                        break;
                    }
                }
                verified++;
                cpu.compute(PAGE_NS * pages);
            }
        }
        slotBusy[slot] = false;
        blockBusy[b] = false;
        completedCount++;
    }

    private void report(GuestCpu cpu) {
        reported = true;
        double secs = Math.max(1, lastNs - firstNs) / 1e9;
        double iops = completedCount / secs;
        double mbps = completedCount * 4096.0 * pages / secs / 1e6;
        kernel.printk(
                cpu,
                String.format(
                        Locale.ROOT,
                        "disk: %d requests in %.6f s: %.0f IOPS, %.1f MB/s; latency (us): %s",
                        completedCount,
                        secs,
                        iops,
                        mbps,
                        latencies.summaryUs()));
        kernel.printk(
                cpu,
                String.format(
                        Locale.ROOT,
                        "disk: %d writes, %d reads verified, %d mismatches, %d failed; %d reissued after the backend"
                                + " came back, %d stray responses",
                        writes,
                        verified,
                        mismatches,
                        errors,
                        disk.reissued(),
                        disk.strays()));
    }

    @Override
    public long progress() {
        return completedCount;
    }

    /** Requests completed (each once). */
    public long completed() {
        return completedCount;
    }

    /** Requests submitted (each once; a reissue after a reconnect is blkfront's, not counted here). */
    public long submitted() {
        return submitted;
    }

    /** Reads whose bytes were checked. */
    public long verified() {
        return verified;
    }

    /** Reads whose bytes were wrong. */
    public long mismatches() {
        return mismatches;
    }

    /** Requests that failed. */
    public long errors() {
        return errors;
    }

    /** Whether every request is done and reported. */
    public boolean isDone() {
        return reported;
    }
}
