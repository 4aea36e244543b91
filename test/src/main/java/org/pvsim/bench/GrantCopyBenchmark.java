package org.pvsim.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabOp;
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

    private final byte[] from = new byte[PAGE];
    private final byte[] to = new byte[PAGE];

    private GrantCopyFixture fx;
    private long copyArg;
    private long mapArg;
    private long unmapArg;
    private long hostVa;

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
     * pvsim: one map and one unmap of d1's grant in d2 (the handle comes back the same each time: the maptrack's free
     * list is LIFO, so the unmap element written at setup stays right).
     */
    @Benchmark
    public long mapUnmapPair() {
        fx.now += 1000;
        long a = fx.hv.hypercall(
                fx.v2, fx.now, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_map_grant_ref.code, mapArg, 1, 0, 0);
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
