package org.pvsim.guest.gnttab;

import org.pvsim.gnttab.abi.GnttabCopyDescriptor;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.guest.hypercall.ArgumentArea;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * Marshals batches of {@code GNTTABOP_map_grant_ref}, {@code unmap_grant_ref} and {@code copy} into the calling
 * vCPU's call page ({@link ArgumentArea#callVa()}), as arrays of Xen's structures at the offsets of their {@code abi}
 * Descriptors, makes the hypercall, and reads each element's OUT fields back: the counterpart of Linux's {@code
 * gnttab_map_refs} / {@code gnttab_unmap_refs} / {@code gnttab_batch_copy}. A batch longer than the call page holds is
 * several hypercalls.
 *
 * <p>Result: 0 if every hypercall returned 0 (each element's own result is its {@code status}), or the first negative
 * errno; then that call's elements and every later one get {@code GNTST_general_error}, as none of them is known to
 * have been done. Allocates nothing: one page-sized byte buffer per instance.
 */
final class GrantBatch {
    private static final int FAILED = GnttabStatus.GNTST_general_error.code;

    private final byte[] buf = new byte[ArgumentArea.CALL_BYTES];

    /** {@code GNTTABOP_map_grant_ref} of {@code ops[0..n)}. */
    long map(Hypercalls hc, GrantMapOp[] ops, int n) {
        return batch(hc, GnttabOp.GNTTABOP_map_grant_ref, MAP, ops, n);
    }

    /** {@code GNTTABOP_unmap_grant_ref} of {@code ops[0..n)}. */
    long unmap(Hypercalls hc, GrantUnmapOp[] ops, int n) {
        return batch(hc, GnttabOp.GNTTABOP_unmap_grant_ref, UNMAP, ops, n);
    }

    /** {@code GNTTABOP_copy} of {@code ops[0..n)}. */
    long copy(Hypercalls hc, GrantCopyOp[] ops, int n) {
        return batch(hc, GnttabOp.GNTTABOP_copy, COPY, ops, n);
    }

    /**
     * One kind of element: its size in the call page, how its IN fields are written at offset {@code o} and its OUT
     * fields read back, and how it is marked {@code GNTST_general_error}. The three are constants, so a batch
     * allocates nothing.
     */
    private interface Element<T> {
        int size();

        void put(byte[] buf, int o, T op);

        void get(byte[] buf, int o, T op);

        void fail(T op);
    }

    /** {@code ops[0..n)} in hypercalls of as many elements as the call page holds. */
    private <T> long batch(Hypercalls hc, GnttabOp cmd, Element<T> element, T[] ops, int n) {
        int size = element.size();
        int perCall = ArgumentArea.CALL_BYTES / size;
        for (int start = 0; start < n; start += perCall) {
            int k = Math.min(n - start, perCall);
            for (int i = 0; i < k; i++) {
                element.put(buf, i * size, ops[start + i]);
            }
            long rc = call(hc, cmd, k, k * size);
            if (rc < 0) {
                for (int i = start; i < n; i++) {
                    element.fail(ops[i]);
                }
                return rc;
            }
            for (int i = 0; i < k; i++) {
                element.get(buf, i * size, ops[start + i]);
            }
        }
        return 0;
    }

    /** {@code struct gnttab_map_grant_ref}: IN host_addr, flags, ref, dom; OUT status, handle, dev_bus_addr. */
    private static final Element<GrantMapOp> MAP = new Element<>() {
        @Override
        public int size() {
            return GnttabMapGrantRefDescriptor.SIZE;
        }

        @Override
        public void put(byte[] buf, int o, GrantMapOp op) {
            LittleEndian.putI64(buf, o + GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET, op.hostAddr);
            LittleEndian.putI32(buf, o + GnttabMapGrantRefDescriptor.FLAGS_OFFSET, op.flags);
            LittleEndian.putI32(buf, o + GnttabMapGrantRefDescriptor.REF_OFFSET, op.ref);
            LittleEndian.putU16(buf, o + GnttabMapGrantRefDescriptor.DOM_OFFSET, op.dom);
            LittleEndian.putU16(buf, o + GnttabMapGrantRefDescriptor.STATUS_OFFSET, 0);
            LittleEndian.putI32(buf, o + GnttabMapGrantRefDescriptor.HANDLE_OFFSET, 0);
            LittleEndian.putI64(buf, o + GnttabMapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET, 0);
        }

        @Override
        public void get(byte[] buf, int o, GrantMapOp op) {
            op.status = (short) LittleEndian.getU16(buf, o + GnttabMapGrantRefDescriptor.STATUS_OFFSET);
            op.handle = LittleEndian.getI32(buf, o + GnttabMapGrantRefDescriptor.HANDLE_OFFSET) & 0xFFFF_FFFFL;
            op.devBusAddr = LittleEndian.getI64(buf, o + GnttabMapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET);
        }

        @Override
        public void fail(GrantMapOp op) {
            op.status = FAILED;
        }
    };

    /** {@code struct gnttab_unmap_grant_ref}: IN host_addr, dev_bus_addr, handle; OUT status. */
    private static final Element<GrantUnmapOp> UNMAP = new Element<>() {
        @Override
        public int size() {
            return GnttabUnmapGrantRefDescriptor.SIZE;
        }

        @Override
        public void put(byte[] buf, int o, GrantUnmapOp op) {
            LittleEndian.putI64(buf, o + GnttabUnmapGrantRefDescriptor.HOST_ADDR_OFFSET, op.hostAddr);
            LittleEndian.putI64(buf, o + GnttabUnmapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET, op.devBusAddr);
            LittleEndian.putI32(buf, o + GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET, (int) op.handle);
            LittleEndian.putI32(buf, o + GnttabUnmapGrantRefDescriptor.STATUS_OFFSET, 0);
        }

        @Override
        public void get(byte[] buf, int o, GrantUnmapOp op) {
            op.status = (short) LittleEndian.getU16(buf, o + GnttabUnmapGrantRefDescriptor.STATUS_OFFSET);
        }

        @Override
        public void fail(GrantUnmapOp op) {
            op.status = FAILED;
        }
    };

    /** {@code struct gnttab_copy}: IN source, dest, len, flags (padding zeroed); OUT status. */
    private static final Element<GrantCopyOp> COPY = new Element<>() {
        @Override
        public int size() {
            return GnttabCopyDescriptor.SIZE;
        }

        @Override
        public void put(byte[] buf, int o, GrantCopyOp op) {
            LittleEndian.putI64(buf, o + GnttabCopyDescriptor.SOURCE_U_OFFSET, op.sourceRefOrGmfn);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.SOURCE_DOMID_OFFSET, op.sourceDomid);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.SOURCE_OFFSET_OFFSET, op.sourceOffset);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.SOURCE_OFFSET_OFFSET + 2, 0);
            LittleEndian.putI64(buf, o + GnttabCopyDescriptor.DEST_U_OFFSET, op.destRefOrGmfn);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.DEST_DOMID_OFFSET, op.destDomid);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.DEST_OFFSET_OFFSET, op.destOffset);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.DEST_OFFSET_OFFSET + 2, 0);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.LEN_OFFSET, op.len);
            LittleEndian.putU16(buf, o + GnttabCopyDescriptor.FLAGS_OFFSET, op.flags);
            LittleEndian.putI32(buf, o + GnttabCopyDescriptor.STATUS_OFFSET, 0);
        }

        @Override
        public void get(byte[] buf, int o, GrantCopyOp op) {
            op.status = (short) LittleEndian.getU16(buf, o + GnttabCopyDescriptor.STATUS_OFFSET);
        }

        @Override
        public void fail(GrantCopyOp op) {
            op.status = FAILED;
        }
    };

    /** Writes {@code bytes} of structures into the call page, calls, and reads them back. */
    private long call(Hypercalls hc, GnttabOp op, int count, int bytes) {
        long va = hc.area().callVa();
        hc.cpu().write(va, buf, 0, bytes);
        long rc = hc.grantTableOp(op, va, count);
        if (rc >= 0) {
            hc.cpu().read(va, buf, 0, bytes);
        }
        return rc;
    }
}
