package org.pvsim.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabCopyDescriptor;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Hypercall;

/**
 * Grant operations on the real hypervisor, journal off, against {@code System.arraycopy} of 4 KiB in the same run
 * ({@code BENCHMARKING.md}: the copy's goal is at least 0.5 of arraycopy).
 *
 * <ul>
 *   <li>{@link #arraycopy4k}: the baseline, one 4 KiB {@code System.arraycopy} between two cache-resident arrays.
 *   <li>{@link #gnttabCopy4k}: d2's {@code GNTTABOP_copy} of one element, 4 KiB from d1's read-only grant to d2's own
 *       frame: the whole hypercall (dispatch, {@code copy_from_guest} of the 40-byte element through d2's page
 *       tables, both sides acquired and released, the bytes moved, the status written back).
 *   <li>{@link #mapUnmapPair}: d2 maps d1's grant at a virtual address ({@code GNTTABOP_map_grant_ref}, host map,
 *       writable) and unmaps it ({@code GNTTABOP_unmap_grant_ref}): two hypercalls.
 * </ul>
 *
 * pvsim runs on the benchmark thread alone (no second thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GrantCopyBenchmark {
    static final int PAGE = 4096;
    static final int REF = 8;
    static final int BATCH = 8;

    private final byte[] from = new byte[PAGE];
    private final byte[] to = new byte[PAGE];

    private GrantCopyFixture fx;
    private long copyArg;
    private long len0Arg;
    private long batchArg;
    private long mapArg;
    private long unmapArg;
    private long hostVa;
    private final byte[] handle = new byte[4];

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < PAGE; i++) {
            from[i] = (byte) (i * 31);
        }
        fx = new GrantCopyFixture();
        fx.grant(REF, GrantCopyFixture.D2, 0, false);
        copyArg = fx.argVa;
        fx.writeCopy(
                copyArg,
                REF,
                GrantCopyFixture.D1,
                0,
                fx.dataMfn(fx.v2, 0),
                DomId.DOMID_SELF,
                0,
                PAGE,
                GntMap.GNTCOPY_source_gref);
        if (gnttabCopy4k() != 0 || fx.copyStatus(copyArg) != 0) {
            throw new IllegalStateException("the copy does not work: status " + fx.copyStatus(copyArg));
        }
        len0Arg = fx.argVa + 256;
        fx.writeCopy(
                len0Arg,
                REF,
                GrantCopyFixture.D1,
                0,
                fx.dataMfn(fx.v2, 0),
                DomId.DOMID_SELF,
                0,
                0,
                GntMap.GNTCOPY_source_gref);
        batchArg = fx.argVa + 512;
        for (int i = 0; i < BATCH; i++) {
            fx.writeCopy(
                    batchArg + i * GnttabCopyDescriptor.SIZE,
                    REF,
                    GrantCopyFixture.D1,
                    0,
                    fx.dataMfn(fx.v2, i % 3 == 0 ? 0 : i % 3),
                    DomId.DOMID_SELF,
                    0,
                    PAGE,
                    GntMap.GNTCOPY_source_gref);
        }
        if (gnttabCopy4kBatch8() != 0 || gnttabCopyLen0() != 0) {
            throw new IllegalStateException("the batch or the empty copy does not work");
        }
        for (int i = 0; i < BATCH; i++) {
            if (fx.copyStatus(batchArg + i * GnttabCopyDescriptor.SIZE) != 0) {
                throw new IllegalStateException("batch element " + i + " failed");
            }
        }
        mapArg = fx.argVa + 64;
        unmapArg = fx.argVa + 128;
        hostVa = fx.dataVa(3);
        fx.writeMap(mapArg, hostVa, REF, false);
        long rc = fx.hypercall(
                fx.v2, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_map_grant_ref.code, mapArg, 1, 0);
        long res = fx.mapResult(mapArg);
        if (rc != 0 || (res >> 32) != 0) {
            throw new IllegalStateException("the map does not work: rc " + rc + " status " + (res >> 32));
        }
        fx.writeUnmap(unmapArg, hostVa, (int) res);
        rc = fx.hypercall(
                fx.v2, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_unmap_grant_ref.code, unmapArg, 1, 0);
        if (rc != 0 || fx.unmapStatus(unmapArg) != 0) {
            throw new IllegalStateException(
                    "the unmap does not work: rc " + rc + " status " + fx.unmapStatus(unmapArg));
        }
    }

    /**
     * Diagnostic: the same hypercall with {@code len == 0} (the element is read and its status written, nothing is
     * acquired): the floor of dispatch and guest access that every copy pays.
     */
    @Benchmark
    public long gnttabCopyLen0() {
        fx.now += 1000;
        return fx.hv.hypercall(
                fx.v2, fx.now, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_copy.code, len0Arg, 1, 0, 0);
    }

    /**
     * pvsim: one {@code GNTTABOP_copy} hypercall of {@value #BATCH} elements, 4 KiB each from the same grant into
     * {@value #BATCH} frames of d2, as a backend batches them; the score counts 4 KiB copies (JMH operations per
     * invocation), so it compares with {@link #arraycopy4k} directly. Xen keeps the source acquired across the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long gnttabCopy4kBatch8() {
        fx.now += 1000;
        return fx.hv.hypercall(
                fx.v2, fx.now, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_copy.code, batchArg, BATCH, 0, 0);
    }

    /** Baseline: one {@code System.arraycopy} of a 4 KiB page between two cache-resident arrays. */
    @Benchmark
    public byte[] arraycopy4k() {
        System.arraycopy(from, 0, to, 0, PAGE);
        return to;
    }

    /** pvsim: one {@code GNTTABOP_copy} hypercall copying 4 KiB from d1's grant into d2's frame. */
    @Benchmark
    public long gnttabCopy4k() {
        fx.now += 1000;
        return fx.hv.hypercall(
                fx.v2, fx.now, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_copy.code, copyArg, 1, 0, 0);
    }

    /**
     * pvsim: one map and one unmap of d1's grant in d2, with what a guest does in between: load the handle from the
     * map element and store it into the unmap element (Xen's maptrack free list is FIFO, so the handle changes).
     */
    @Benchmark
    public long mapUnmapPair() {
        fx.now += 1000;
        long a = fx.hv.hypercall(
                fx.v2, fx.now, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_map_grant_ref.code, mapArg, 1, 0, 0);
        fx.hv.guestRead(fx.v2, mapArg + GnttabMapGrantRefDescriptor.HANDLE_OFFSET, handle, 0, 4);
        fx.hv.guestWrite(fx.v2, fx.now, unmapArg + GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET, handle, 0, 4);
        long b = fx.hv.hypercall(
                fx.v2,
                fx.now,
                Hypercall.grant_table_op.number,
                GnttabOp.GNTTABOP_unmap_grant_ref.code,
                unmapArg,
                1,
                0,
                0);
        return a + b;
    }
}
