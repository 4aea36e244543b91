package org.pvsim.gnttab.op;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.testing.GnttabTestBed;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.testing.RecordingJournal;

/** do_grant_table_op: structural errors, the copy/transfer plug-in point, batches. */
class DispatchTest {
    GnttabTestBed bed = new GnttabTestBed();

    DispatchTest() {
        bed.domain(1);
    }

    @Test
    void negativeCountIsEinval() {
        assertThat(bed.call(1, GnttabOp.GNTTABOP_map_grant_ref.code, GnttabTestBed.SCRATCH_VA, -1))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(bed.call(1, GnttabOp.GNTTABOP_query_size.code, GnttabTestBed.SCRATCH_VA, 0x8000_0000L))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(bed.host.journal.lastGnttab())
                .isEqualTo(new RecordingJournal.GnttabEntry(GnttabOp.GNTTABOP_query_size.code, 1, -1, -1, -22, 0));
    }

    @Test
    void unknownCommandsDumpTableAndCacheFlushAreEnosys() {
        assertThat(bed.call(1, 13, GnttabTestBed.SCRATCH_VA, 1)).isEqualTo(Errno.ENOSYS.neg());
        assertThat(bed.call(1, 0xFFF, GnttabTestBed.SCRATCH_VA, 1)).isEqualTo(Errno.ENOSYS.neg());
        assertThat(bed.call(1, GnttabOp.GNTTABOP_dump_table.code, GnttabTestBed.SCRATCH_VA, 1))
                .isEqualTo(Errno.ENOSYS.neg());
        assertThat(bed.call(1, GnttabOp.GNTTABOP_cache_flush.code, GnttabTestBed.SCRATCH_VA, 1))
                .isEqualTo(Errno.ENOSYS.neg());
        assertThat(bed.call(1, GnttabOp.GNTTABOP_cache_flush.code | (5 << 12), GnttabTestBed.SCRATCH_VA, 1))
                .isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void continuationBitsOutsideCacheFlushAreEinval() {
        assertThat(bed.call(1, GnttabOp.GNTTABOP_map_grant_ref.code | (1 << 12), GnttabTestBed.SCRATCH_VA, 1))
                .isEqualTo(Errno.EINVAL.neg());
        // only the low 32 bits of cmd count
        assertThat(bed.call(1, 1L << 32 | GnttabOp.GNTTABOP_map_grant_ref.code, GnttabTestBed.SCRATCH_VA, 0))
                .isZero();
    }

    @Test
    void badHandleIsEfaultForBatchesAndEmptyBatchesCheckItToo() {
        long xen = 0xFFFF_8000_0000_1000L;
        for (GnttabOp op : new GnttabOp[] {
            GnttabOp.GNTTABOP_map_grant_ref,
            GnttabOp.GNTTABOP_unmap_grant_ref,
            GnttabOp.GNTTABOP_unmap_and_replace,
            GnttabOp.GNTTABOP_copy,
            GnttabOp.GNTTABOP_transfer,
            GnttabOp.GNTTABOP_swap_grant_ref
        }) {
            assertThat(bed.call(1, op.code, xen, 0)).as(op.name()).isEqualTo(Errno.EFAULT.neg());
        }
        // an unmapped but canonical address faults only when an element is read
        assertThat(bed.call(1, GnttabOp.GNTTABOP_map_grant_ref.code, 0x1000, 0)).isZero();
        assertThat(bed.call(1, GnttabOp.GNTTABOP_map_grant_ref.code, 0x1000, 1)).isEqualTo(Errno.EFAULT.neg());
        assertThat(bed.call(1, GnttabOp.GNTTABOP_set_version.code, 0x1000, 1)).isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void copyAndTransferAreEnosysWhenNotPluggedIn() {
        GnttabTestBed b = new GnttabTestBed(GnttabOpFactory.NOT_IMPLEMENTED, GnttabOpFactory.NOT_IMPLEMENTED);
        b.domain(1);
        assertThat(b.call(1, GnttabOp.GNTTABOP_copy.code, GnttabTestBed.SCRATCH_VA, 1))
                .isEqualTo(Errno.ENOSYS.neg());
        assertThat(b.call(1, GnttabOp.GNTTABOP_transfer.code, GnttabTestBed.SCRATCH_VA, 1))
                .isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void theStandardSubsystemServesCopyAndTransfer() {
        assertThat(bed.call(1, GnttabOp.GNTTABOP_copy.code, GnttabTestBed.SCRATCH_VA, 0))
                .isZero();
        assertThat(bed.call(1, GnttabOp.GNTTABOP_transfer.code, GnttabTestBed.SCRATCH_VA, 0))
                .isZero();
    }

    @Test
    void pluggedInCopyAndTransferGetTheCheckedArguments() {
        List<String> calls = new ArrayList<>();
        GnttabOpFactory copy = core -> (ctx, uop, count) -> {
            calls.add("copy " + ctx.callerDomid() + " " + Long.toHexString(uop) + " " + count);
            return 0;
        };
        GnttabOpFactory transfer = core -> (ctx, uop, count) -> {
            calls.add("transfer " + count);
            return -3;
        };
        GnttabTestBed b = new GnttabTestBed(copy, transfer);
        b.domain(1);
        assertThat(b.call(1, GnttabOp.GNTTABOP_copy.code, GnttabTestBed.SCRATCH_VA, 3))
                .isZero();
        assertThat(b.call(1, GnttabOp.GNTTABOP_transfer.code, GnttabTestBed.SCRATCH_VA, 2))
                .isEqualTo(-3);
        assertThat(b.call(1, GnttabOp.GNTTABOP_copy.code, GnttabTestBed.SCRATCH_VA, -2))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(calls).containsExactly("copy 1 401000 3", "transfer 2");
    }

    @Test
    void mapBatchWritesEveryElementBackAndStopsAtAFault() {
        bed.domain(2);
        bed.frameOf(1, 0x500);
        bed.grant(1, 8, 2, 0x500, 1);
        long va = GnttabTestBed.SCRATCH_VA;
        int size = GnttabMapGrantRefDescriptor.SIZE;
        bed.putMap(va, 0x7000_0000L, 2 | 4, 8, 1);
        bed.putMap(va + size, 0x7000_1000L, 2 | 4, 9999, 1);
        bed.putMap(va + 2 * size, 0x7000_2000L, 2 | 4, 8, 1);
        assertThat(bed.call(2, GnttabOp.GNTTABOP_map_grant_ref.code, va, 3)).isZero();
        assertThat(bed.guest.get16s(va + GnttabMapGrantRefDescriptor.STATUS_OFFSET))
                .isZero();
        assertThat(bed.guest.get16s(va + size + GnttabMapGrantRefDescriptor.STATUS_OFFSET))
                .isEqualTo(-3);
        assertThat(bed.guest.get32(va + size + GnttabMapGrantRefDescriptor.HANDLE_OFFSET))
                .isEqualTo(0x5555);
        assertThat(bed.guest.get16s(va + 2 * size + GnttabMapGrantRefDescriptor.STATUS_OFFSET))
                .isZero();
        // the failed element's handle 1 went back to the tail of the free list: the next map gets 2
        assertThat(bed.guest.get32(va + 2 * size + GnttabMapGrantRefDescriptor.HANDLE_OFFSET))
                .isEqualTo(2);
        assertThat(bed.pin(1, 8)).isEqualTo(2 << 8);
        // a batch whose result cannot be written back: the map stays, the call is -EFAULT
        bed.guest.readOnlyFrom = va + 3 * size;
        bed.putMap(va + 3 * size, 0x7000_3000L, 2 | 4, 8, 1);
        assertThat(bed.call(2, GnttabOp.GNTTABOP_map_grant_ref.code, va + 3 * size, 1))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(bed.pin(1, 8)).isEqualTo(3 << 8);
        bed.assertAudit();
    }
}
