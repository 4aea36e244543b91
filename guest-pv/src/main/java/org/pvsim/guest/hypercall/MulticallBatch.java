package org.pvsim.guest.hypercall;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.Arrays;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuUpdateDescriptor;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MmuextOpDescriptor;
import org.pvsim.hypervisor.abi.MulticallEntryDescriptor;

/**
 * A batch of hypercalls made with one {@code multicall} ({@code xen/common/multicall.c}), as Linux batches page-table
 * work in its {@code xen_mc_*} buffers. Entries are collected in Java, then {@link #execute()} writes them as {@code
 * multicall_entry} structures into the vCPU's multicall page and reads each entry's {@code result} back.
 *
 * <p>Calls whose argument is a structure ({@link #addMmuext}, {@link #addMmuUpdate}) have it written into the
 * multicall argument page as it is added, so it is in guest memory when Xen reads it. A batch holds at most {@link
 * #MAX_ENTRIES} entries and {@link #ARG_BYTES} bytes of such structures; adding more throws. Xen runs every entry even
 * if one fails; the results tell which did.
 *
 * <p>One batch belongs to one vCPU and is reused: {@link Hypercalls#multicall()} clears it. It allocates nothing.
 */
public final class MulticallBatch {
    /** The most entries in one batch: one page of {@code multicall_entry}. */
    public static final int MAX_ENTRIES = PAGE_SIZE / MulticallEntryDescriptor.SIZE;
    /** Bytes of argument structures one batch may carry. */
    public static final int ARG_BYTES = PAGE_SIZE;

    private final Hypercalls owner;
    private final ArgumentArea area;
    private final long[] ops = new long[MAX_ENTRIES];
    private final long[] args = new long[MAX_ENTRIES * MulticallEntryDescriptor.NR_USED_ARGS];
    private final long[] results = new long[MAX_ENTRIES];
    private final byte[] entries = new byte[PAGE_SIZE];
    private final byte[] struct = new byte[MmuextOpDescriptor.SIZE];
    private int size;
    private int argBytes;
    private boolean executed;

    MulticallBatch(Hypercalls owner, ArgumentArea area) {
        this.owner = owner;
        this.area = area;
    }

    /** Empties the batch. */
    public MulticallBatch clear() {
        size = 0;
        argBytes = 0;
        executed = false;
        return this;
    }

    /** Entries added so far. */
    public int size() {
        return size;
    }

    /**
     * Adds a call to hypercall {@code op} with five argument words.
     *
     * @return the entry's index, for {@link #result(int)}
     * @throws IllegalStateException if the batch is full or already executed
     */
    public int add(Hypercall op, long a1, long a2, long a3, long a4, long a5) {
        if (executed) {
            throw new IllegalStateException("this multicall batch was executed; clear it before adding");
        }
        if (size == MAX_ENTRIES) {
            throw new IllegalStateException("a multicall batch holds at most " + MAX_ENTRIES + " entries");
        }
        int i = size++;
        ops[i] = op.number;
        int a = i * MulticallEntryDescriptor.NR_USED_ARGS;
        args[a] = a1;
        args[a + 1] = a2;
        args[a + 2] = a3;
        args[a + 3] = a4;
        args[a + 4] = a5;
        return i;
    }

    /** Adds {@code update_va_mapping(va, pte, flags)}. */
    public int addUpdateVaMapping(long va, long pte, long flags) {
        return add(Hypercall.update_va_mapping, va, pte, flags, 0, 0);
    }

    /** Adds a one-operation {@code mmuext_op}; its {@code mmuext_op} structure goes into the argument page now. */
    public int addMmuext(MmuextCmd cmd, long arg1, long arg2, int foreigndom) {
        Arrays.fill(struct, (byte) 0);
        LittleEndian.putI32(struct, MmuextOpDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI64(struct, MmuextOpDescriptor.ARG1_OFFSET, arg1);
        LittleEndian.putI64(struct, MmuextOpDescriptor.ARG2_OFFSET, arg2);
        long va = stage(MmuextOpDescriptor.SIZE);
        return add(Hypercall.mmuext_op, va, 1, 0, foreigndom, 0);
    }

    /** Adds a one-request {@code mmu_update}; its {@code mmu_update} structure goes into the argument page now. */
    public int addMmuUpdate(long ptr, long val, int foreigndom) {
        LittleEndian.putI64(struct, MmuUpdateDescriptor.PTR_OFFSET, ptr);
        LittleEndian.putI64(struct, MmuUpdateDescriptor.VAL_OFFSET, val);
        long va = stage(MmuUpdateDescriptor.SIZE);
        return add(Hypercall.mmu_update, va, 1, 0, foreigndom, 0);
    }

    private long stage(int len) {
        if (executed) {
            throw new IllegalStateException("this multicall batch was executed; clear it before adding");
        }
        int off = (argBytes + 7) & ~7;
        if (off + len > ARG_BYTES) {
            throw new IllegalStateException("a multicall batch carries at most " + ARG_BYTES + " bytes of structures");
        }
        long va = area.multicallArgsVa() + off;
        owner.cpu().write(va, struct, 0, len);
        argBytes = off + len;
        return va;
    }

    /**
     * Writes the entries into guest memory and makes the {@code multicall}.
     *
     * @return the multicall's own result: 0, or a negative errno if Xen could not read the list (then no result is
     *     valid)
     */
    public long execute() {
        if (executed) {
            throw new IllegalStateException("this multicall batch was already executed");
        }
        executed = true;
        if (size == 0) {
            return 0;
        }
        Arrays.fill(entries, 0, size * MulticallEntryDescriptor.SIZE, (byte) 0);
        for (int i = 0; i < size; i++) {
            int e = i * MulticallEntryDescriptor.SIZE;
            LittleEndian.putI64(entries, e + MulticallEntryDescriptor.OP_OFFSET, ops[i]);
            for (int a = 0; a < MulticallEntryDescriptor.NR_USED_ARGS; a++) {
                LittleEndian.putI64(
                        entries,
                        e + MulticallEntryDescriptor.argOffset(a),
                        args[i * MulticallEntryDescriptor.NR_USED_ARGS + a]);
            }
        }
        int bytes = size * MulticallEntryDescriptor.SIZE;
        owner.cpu().write(area.multicallVa(), entries, 0, bytes);
        long rc = owner.cpu().hypercall(Hypercall.multicall.number, area.multicallVa(), size, 0, 0, 0);
        owner.cpu().read(area.multicallVa(), entries, 0, bytes);
        for (int i = 0; i < size; i++) {
            results[i] = LittleEndian.getI64(
                    entries, i * MulticallEntryDescriptor.SIZE + MulticallEntryDescriptor.RESULT_OFFSET);
        }
        return rc;
    }

    /** The result Xen wrote into entry {@code i}. */
    public long result(int i) {
        if (!executed || i < 0 || i >= size) {
            throw new IllegalStateException(
                    "no result for entry " + i + " of a batch of " + size + (executed ? "" : " not yet executed"));
        }
        return results[i];
    }

    /**
     * The index of the first entry whose result is negative (an errno), or -1 if every entry succeeded. A call that
     * returns a count or a value on success (memory_op, xen_version) succeeded with any result of 0 or more.
     */
    public int firstFailure() {
        for (int i = 0; i < size; i++) {
            if (result(i) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** A person's account of a failed entry: {@code "entry 2 (update_va_mapping) -> -EINVAL"}. */
    public String describe(int i) {
        return "entry " + i + " (" + Hypercall.nameOf(ops[i]) + ") -> " + Errno.describe(result(i));
    }
}
