package org.pvsim.hypervisor.mm;

import static org.pvsim.hypervisor.mm.RandomGuest.RO;
import static org.pvsim.hypervisor.mm.RandomGuest.RW;
import static org.pvsim.hypervisor.mm.RandomGuest.UPPER;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.MmuUpdateDescriptor;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MmuextOpDescriptor;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenMemoryReservationDescriptor;
import org.pvsim.hypervisor.abi.XenVersionCmd;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * Plans the randomized test's hypercalls. Each {@link Planned} call has its arguments already stored in the caller's
 * memory, a description for the failure report, the results Xen may give, and whether a failure must leave the host
 * unchanged (I15).
 */
final class RandomCalls {
    static final Set<Long> MMU_UPDATE_ERRORS =
            errors(Errno.ESRCH, Errno.EPERM, Errno.EINVAL, Errno.EBUSY, Errno.ENOSYS, Errno.EFAULT);
    static final Set<Long> MMUEXT_ERRORS = errors(
            Errno.ESRCH,
            Errno.EPERM,
            Errno.EINVAL,
            Errno.EBUSY,
            Errno.EACCES,
            Errno.EOPNOTSUPP,
            Errno.ENOSYS,
            Errno.EFAULT);
    static final Set<Long> UVM_ERRORS = errors(Errno.EINVAL, Errno.EBUSY, Errno.EPERM, Errno.EFAULT, Errno.ESRCH);
    static final Set<Long> MEMORY_ERRORS = errors(Errno.ENOSYS, Errno.EFAULT, Errno.EINVAL, Errno.ESRCH, Errno.EPERM);

    /**
     * What the run must have done successfully at least once: pin a table of each level, hook a table into each
     * level, switch to a copied root, map another domain's frame, grow and shrink a reservation, batch calls.
     */
    static final Set<String> DEEP_STATES = Set.of(
            "pin L1",
            "pin L2",
            "pin L3",
            "pin L4",
            "unpin",
            "hook L2",
            "hook L3",
            "hook L4",
            "switch root",
            "foreign mapping",
            "increase",
            "decrease",
            "populate",
            "multicall");

    private static Set<Long> errors(Errno... e) {
        Long[] codes = new Long[e.length];
        for (int i = 0; i < e.length; i++) {
            codes[i] = (long) e[i].neg();
        }
        return Set.of(codes);
    }

    /** A call ready to make: its arguments are in the caller's memory. */
    static final class Planned {
        final RandomGuest caller;
        /** The hypercall number as the guest passes it (a multicall entry may hold any value). */
        final long op;

        final long[] args;
        final String what;
        /** Whether a negative result must leave the host exactly as it was. */
        boolean atomicOnFailure;
        /** The errors Xen may return besides 0. */
        Set<Long> errors = Set.of();
        /** For calls that return a count: the largest count possible, else -1. */
        long maxCount = -1;
        /** Whether any non-negative result is possible (a size, a length). */
        boolean anyNonNegative;
        /** One more result possible: what a "continuation" call with no list returns. */
        Long alsoAllowed;
        /** For a multicall: the entries, to check each result. */
        List<Planned> subCalls = List.of();
        /** The deep state a success of this call reaches ({@link #DEEP_STATES}), or null. */
        String tag;
        /** Told the result, so the generator learns which frames it now has. */
        LongConsumer after = rc -> {};

        Planned(RandomGuest caller, long op, String what, long... args) {
            this.caller = caller;
            this.op = op;
            this.args = Arrays.copyOf(args, 5);
            this.what = what;
        }

        /** Null if {@code rc} is a result Xen may give, else why not. */
        String check(long rc) {
            if (maxCount >= 0) {
                return rc >= 0 && rc <= maxCount ? null : "count " + rc + " outside 0.." + maxCount;
            }
            if (rc == 0
                    || errors.contains(rc)
                    || (anyNonNegative && rc > 0)
                    || (alsoAllowed != null && rc == alsoAllowed)) {
                return null;
            }
            return "result " + Errno.describe(rc) + " is not one " + Hypercall.nameOf((int) op) + " gives here";
        }
    }

    private final List<RandomGuest> guests;

    RandomCalls(List<RandomGuest> guests) {
        this.guests = guests;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** {@code ptr}, or a pool entry of the caller's if {@code ptr} names an entry the generator may not write. */
    private long safePtr(RandomGuest a, long ptr) {
        for (RandomGuest r : guests) {
            if (r.isProtectedEntry(ptr & ~7L)) {
                return a.l1EntryOf(a.pool[a.poolIndex()]) | (ptr & 7);
            }
        }
        return ptr;
    }

    /** The next call of {@code a}, of a kind drawn with the generator's weights. */
    Planned next(RandomGuest a) {
        int r = a.rnd.nextInt(100);
        if (r < 20) {
            return mmuUpdate(a);
        }
        if (r < 34) {
            return remap(a);
        }
        if (r < 45) {
            return pinOrUnpin(a);
        }
        if (r < 55) {
            return hook(a);
        }
        if (r < 60) {
            return rootOrBase(a);
        }
        if (r < 70) {
            return memoryOp(a);
        }
        if (r < 78) {
            return multicall(a);
        }
        if (r < 84) {
            return foreignMapping(a);
        }
        if (r < 91) {
            return mmuextMisc(a);
        }
        return noise(a);
    }

    // ------------------------------------------------------------------------------------------------ mmu_update

    Planned mmuUpdate(RandomGuest a) {
        int n = a.chance(70) ? 1 : 1 + a.pickIndex(4);
        long[] ptrs = new long[n];
        long[] vals = new long[n];
        for (int i = 0; i < n; i++) {
            int cmd = a.updateCmd();
            if (cmd == 1) {
                ptrs[i] = (a.mfn() << X86Paging.PAGE_SHIFT) | 1;
                vals[i] = a.rnd.nextInt(1 << 20);
            } else {
                ptrs[i] = a.entryPtr() | cmd;
                vals[i] = a.pte(1 + a.pickIndex(4));
            }
        }
        return mmuUpdateOf(a, ptrs, vals, a.foreigndom(), a.chance(30));
    }

    Planned mmuUpdateOf(RandomGuest a, long[] ptrs, long[] vals, int foreigndom, boolean withPdone) {
        long reqs = a.args.alloc(ptrs.length * MmuUpdateDescriptor.SIZE);
        StringBuilder what = new StringBuilder("mmu_update[");
        for (int i = 0; i < ptrs.length; i++) {
            long ptr = (ptrs[i] & 7) == 1 ? ptrs[i] : safePtr(a, ptrs[i]);
            a.g.write64(reqs + 16L * i, ptr);
            a.g.write64(reqs + 16L * i + 8, vals[i]);
            what.append(i == 0 ? "" : ", ").append(hex(ptr)).append("=").append(hex(vals[i]));
        }
        long pdone = withPdone ? a.args.alloc(8) : 0;
        what.append("] fd=").append(hex(foreigndom)).append(pdone != 0 ? " pdone" : "");
        Planned p = new Planned(a, Hypercall.mmu_update.number, what.toString(), reqs, ptrs.length, pdone, foreigndom);
        p.errors = MMU_UPDATE_ERRORS;
        p.atomicOnFailure = ptrs.length == 1 && pdone == 0;
        return p;
    }

    // ------------------------------------------------------------------------------------------------
    // update_va_mapping

    long uvmFlags(RandomGuest a) {
        int r = a.rnd.nextInt(100);
        long type = r < 50 ? 0 : r < 70 ? UvmFlags.UVMF_TLB_FLUSH : r < 90 ? UvmFlags.UVMF_INVLPG : 3;
        if (type == 0 || a.chance(60)) {
            return type | (a.chance(50) ? UvmFlags.UVMF_ALL : UvmFlags.UVMF_LOCAL);
        }
        if (a.chance(60)) {
            long mask = a.args.alloc(8);
            a.g.write64(mask, a.rnd.nextLong());
            return type | mask;
        }
        return type | (a.badPointer() & ~3L);
    }

    Planned remap(RandomGuest a) {
        int r = a.rnd.nextInt(100);
        int i = a.poolIndex();
        if (r < 35) {
            return uvm(a, a.g.va(a.pool[i]), X86Paging.entry(a.poolMfn[i], RO), uvmFlags(a));
        }
        if (r < 60) {
            return uvm(a, a.g.va(a.pool[i]), X86Paging.entry(a.poolMfn[i], RW), uvmFlags(a));
        }
        if (r < 70) {
            return uvm(a, a.g.va(a.pool[i]), 0, uvmFlags(a));
        }
        return uvm(a, a.va(), a.pte(1), uvmFlags(a));
    }

    Planned uvm(RandomGuest a, long va, long val, long flags) {
        Planned p = new Planned(
                a,
                Hypercall.update_va_mapping.number,
                "update_va_mapping va=" + hex(va) + " val=" + hex(val) + " flags=" + hex(flags),
                va,
                val,
                flags);
        p.errors = UVM_ERRORS;
        long type = flags & UvmFlags.UVMF_FLUSHTYPE_MASK;
        long mask = flags & ~UvmFlags.UVMF_FLUSHTYPE_MASK;
        p.atomicOnFailure = (type != 1 && type != 2) || mask == UvmFlags.UVMF_LOCAL || mask == UvmFlags.UVMF_ALL;
        return p;
    }

    // ------------------------------------------------------------------------------------------------ mmuext_op

    /** A batch of {@code mmuext_op}s; a NEW_BASEPTR that would take the test's memory away is made harmless. */
    Planned mmuext(RandomGuest a, int[] cmds, long[] arg1, long[] arg2, int foreigndom, boolean withPdone) {
        long ops = a.args.alloc(cmds.length * MmuextOpDescriptor.SIZE);
        StringBuilder what = new StringBuilder("mmuext_op[");
        for (int i = 0; i < cmds.length; i++) {
            if (cmds[i] == MmuextCmd.MMUEXT_NEW_BASEPTR.code && !a.isSafeBase(arg1[i])) {
                arg1[i] = a.isSafeBase(a.l4) ? a.l4 : host0Frame();
            }
            long op = ops + (long) i * MmuextOpDescriptor.SIZE;
            a.g.write32(op + MmuextOpDescriptor.CMD_OFFSET, cmds[i]);
            a.g.write64(op + MmuextOpDescriptor.ARG1_OFFSET, arg1[i]);
            a.g.write64(op + MmuextOpDescriptor.ARG2_OFFSET, arg2[i]);
            MmuextCmd c = MmuextCmd.ofCode(cmds[i] & 0xFFFF_FFFFL);
            what.append(i == 0 ? "" : ", ")
                    .append(c == null ? "cmd " + cmds[i] : c.name())
                    .append("(")
                    .append(hex(arg1[i]))
                    .append(", ")
                    .append(hex(arg2[i]))
                    .append(")");
        }
        long pdone = withPdone ? a.args.alloc(8) : 0;
        what.append("] fd=").append(hex(foreigndom)).append(pdone != 0 ? " pdone" : "");
        Planned p = new Planned(a, Hypercall.mmuext_op.number, what.toString(), ops, cmds.length, pdone, foreigndom);
        p.errors = MMUEXT_ERRORS;
        p.atomicOnFailure = cmds.length == 1 && pdone == 0;
        if (cmds.length == 1
                && cmds[0] >= MmuextCmd.MMUEXT_PIN_L1_TABLE.code
                && cmds[0] <= MmuextCmd.MMUEXT_PIN_L4_TABLE.code) {
            p.tag = "pin L" + (cmds[0] + 1);
        } else if (cmds.length == 1 && cmds[0] == MmuextCmd.MMUEXT_UNPIN_TABLE.code) {
            p.tag = "unpin";
        } else if (cmds.length == 1 && cmds[0] == MmuextCmd.MMUEXT_NEW_BASEPTR.code && a.roots.contains(arg1[0])) {
            p.tag = "switch root";
        }
        return p;
    }

    /** A frame no domain may install as its root: beyond RAM. */
    private long host0Frame() {
        return guests.get(0).g.hv.machine().nrFrames() + 7L;
    }

    private Planned mmuext1(RandomGuest a, MmuextCmd cmd, long arg1, long arg2, int foreigndom) {
        return mmuext(a, new int[] {cmd.code}, new long[] {arg1}, new long[] {arg2}, foreigndom, false);
    }

    private int mostlySelf(RandomGuest a) {
        return a.chance(88) ? DomId.DOMID_SELF : a.foreigndom();
    }

    Planned pinOrUnpin(RandomGuest a) {
        long mfn = a.chance(85) ? a.poolMfn[a.poolIndex()] : a.mfn();
        if (a.chance(35)) {
            return mmuext1(a, MmuextCmd.MMUEXT_UNPIN_TABLE, mfn, 0, mostlySelf(a));
        }
        MmuextCmd pin = MmuextCmd.ofCode(MmuextCmd.MMUEXT_PIN_L1_TABLE.code + a.pickIndex(4));
        return mmuext1(a, pin, mfn, 0, mostlySelf(a));
    }

    /** Hooks a pool table into a hook slot with a matching or a linear entry, or unhooks one. */
    Planned hook(RandomGuest a) {
        int level = 2 + a.pickIndex(3);
        long ptr;
        if (level == 2) {
            ptr = TestGuest.entryMaddr(a.l2, a.firstL2Hook + a.pickIndex(RandomGuest.L2_HOOK_COUNT));
        } else if (level == 3) {
            ptr = TestGuest.entryMaddr(a.l3, RandomGuest.L3_HOOKS[a.pickIndex(RandomGuest.L3_HOOKS.length)]);
        } else {
            long root = a.roots.isEmpty() || a.chance(60) ? a.l4 : a.pick(a.roots);
            ptr = TestGuest.entryMaddr(root, RandomGuest.L4_HOOKS[a.pickIndex(RandomGuest.L4_HOOKS.length)]);
        }
        long val;
        int r = a.rnd.nextInt(100);
        if (r < 30) {
            val = 0;
        } else if (r < 80) {
            val = X86Paging.entry(a.poolFrameOfLevel(level - 1), a.chance(90) ? UPPER : a.flags(level));
        } else if (r < 90) {
            long same = level == 2 ? a.l2 : level == 3 ? a.l3 : a.l4;
            val = X86Paging.entry(a.chance(70) ? same : a.poolFrameOfLevel(level), a.chance(80) ? RO : RW);
        } else {
            val = a.pte(level);
        }
        Planned p = mmuUpdateOf(a, new long[] {ptr}, new long[] {val}, mostlySelf(a), false);
        if ((val & X86Paging._PAGE_PRESENT) != 0) {
            p.tag = "hook L" + level;
        }
        return p;
    }

    /** Copies the bootstrap root into a pool page (which then becomes a root copy), or switches roots. */
    Planned rootOrBase(RandomGuest a) {
        int r = a.rnd.nextInt(100);
        if (r < 30) {
            // a kernel making a process's root: copy the kernel's, then map the copy read-only
            int i = a.poolIndex();
            long dst = a.poolMfn[i];
            if (!a.roots.contains(dst) && a.frames().owner(dst) == a.domid) {
                a.roots.add(dst);
            }
            return batch(
                    a,
                    List.of(
                            mmuext1(a, MmuextCmd.MMUEXT_COPY_PAGE, dst, a.l4, DomId.DOMID_SELF),
                            uvm(a, a.g.va(a.pool[i]), X86Paging.entry(dst, RO), UvmFlags.UVMF_INVLPG)));
        }
        if (r < 50) {
            long user = a.chance(30) ? 0 : a.roots.isEmpty() || a.chance(20) ? a.mfn() : a.pick(a.roots);
            return mmuext1(a, MmuextCmd.MMUEXT_NEW_USER_BASEPTR, user, 0, mostlySelf(a));
        }
        long target = r < 90 ? (a.roots.isEmpty() || a.chance(20) ? a.l4 : a.pick(a.roots)) : a.mfn();
        return mmuext1(a, MmuextCmd.MMUEXT_NEW_BASEPTR, target, 0, mostlySelf(a));
    }

    Planned mmuextMisc(RandomGuest a) {
        int r = a.rnd.nextInt(100);
        if (r < 15) {
            MmuextCmd[] flushes = {
                MmuextCmd.MMUEXT_TLB_FLUSH_LOCAL,
                MmuextCmd.MMUEXT_INVLPG_LOCAL,
                MmuextCmd.MMUEXT_TLB_FLUSH_ALL,
                MmuextCmd.MMUEXT_INVLPG_ALL,
                MmuextCmd.MMUEXT_FLUSH_CACHE,
                MmuextCmd.MMUEXT_FLUSH_CACHE_GLOBAL
            };
            return mmuext1(a, flushes[a.pickIndex(flushes.length)], a.va(), 0, mostlySelf(a));
        }
        if (r < 30) {
            long mask = a.chance(70) ? a.args.alloc(8) : a.badPointer();
            MmuextCmd cmd = a.chance(50) ? MmuextCmd.MMUEXT_TLB_FLUSH_MULTI : MmuextCmd.MMUEXT_INVLPG_MULTI;
            return mmuext1(a, cmd, a.va(), mask, mostlySelf(a));
        }
        if (r < 45) {
            long[] ents = {0, 1, 8192, 8193, 0xFFFF_FFFFL};
            return mmuext1(a, MmuextCmd.MMUEXT_SET_LDT, a.va(), ents[a.pickIndex(ents.length)], mostlySelf(a));
        }
        if (r < 65) {
            return mmuext1(a, MmuextCmd.MMUEXT_CLEAR_PAGE, a.mfn(), 0, mostlySelf(a));
        }
        if (r < 85) {
            return mmuext1(a, MmuextCmd.MMUEXT_COPY_PAGE, a.mfn(), a.mfn(), mostlySelf(a));
        }
        int[] odd = {MmuextCmd.MMUEXT_MARK_SUPER.code, MmuextCmd.MMUEXT_UNMARK_SUPER.code, 14, 21, 99, -1};
        return mmuext(
                a,
                new int[] {odd[a.pickIndex(odd.length)]},
                new long[] {a.mfn()},
                new long[] {0},
                a.foreigndom(),
                false);
    }

    // ------------------------------------------------------------------------------------------------ foreign

    /** A privileged mapping of another domain's frame, an update of its tables, or a domU's attempt at either. */
    Planned foreignMapping(RandomGuest a) {
        RandomGuest o = a.other();
        long frame = a.chance(80) ? o.poolMfn[o.poolIndex()] : o.mfn();
        long val = X86Paging.entry(frame, a.chance(50) ? RO : RW);
        long va = a.g.va(a.pool[a.poolIndex()]);
        int r = a.rnd.nextInt(100);
        if (r < 40) {
            int domid = a.chance(85) ? o.domid : a.foreigndom();
            Planned p = new Planned(
                    a,
                    Hypercall.update_va_mapping_otherdomain.number,
                    "update_va_mapping_otherdomain va=" + hex(va) + " val=" + hex(val) + " domid=" + hex(domid),
                    va,
                    val,
                    0,
                    domid);
            p.errors = UVM_ERRORS;
            p.atomicOnFailure = true;
            p.tag = "foreign mapping";
            return p;
        }
        if (r < 75) {
            Planned p =
                    mmuUpdateOf(a, new long[] {a.l1EntryOf(a.pool[a.poolIndex()])}, new long[] {val}, o.domid, false);
            p.tag = "foreign mapping";
            return p;
        }
        long ptr = a.chance(50) ? o.l1EntryOf(o.pool[o.poolIndex()]) : o.entryPtr();
        int fd = a.chance(70) ? o.domid : DomId.DOMID_SELF;
        return mmuUpdateOf(a, new long[] {ptr}, new long[] {o.pte(1)}, ((o.domid + 1) << 16) | fd, a.chance(20));
    }

    // ------------------------------------------------------------------------------------------------ memory_op

    Planned memoryOp(RandomGuest a) {
        int r = a.rnd.nextInt(100);
        if (r < 14) {
            MemoryOp op = a.chance(45)
                    ? MemoryOp.XENMEM_current_reservation
                    : a.chance(80) ? MemoryOp.XENMEM_maximum_reservation : MemoryOp.XENMEM_maximum_ram_page;
            long arg = a.args.alloc(8);
            a.g.write64(arg, a.chance(60) ? DomId.DOMID_SELF : a.foreigndom());
            long cmd = op.code | (a.chance(5) ? 1L << MemoryOp.MEMOP_EXTENT_SHIFT : 0);
            long ptr = a.chance(90) ? arg : a.badPointer();
            Planned p = new Planned(a, Hypercall.memory_op.number, "memory_op " + op + " cmd=" + hex(cmd), cmd, ptr);
            p.errors = MEMORY_ERRORS;
            p.anyNonNegative = true;
            return p;
        }
        MemoryOp op = r < 50
                ? MemoryOp.XENMEM_increase_reservation
                : r < 80 ? MemoryOp.XENMEM_decrease_reservation : MemoryOp.XENMEM_populate_physmap;
        long nr = a.chance(90) ? a.pickIndex(5) : new long[] {1000, 0xFFFF_FFFFL, 1L << 26, -1}[a.pickIndex(4)];
        int order = a.chance(75) ? 0 : new int[] {1, 2, 9, 10, 18, 19, -1}[a.pickIndex(7)];
        int domid = a.chance(70) ? DomId.DOMID_SELF : a.foreigndom();
        long start = a.chance(8) ? a.pickIndex(3) : 0;
        int entries = (int) Math.max(0, Math.min(nr, 8));
        long list;
        int lr = a.rnd.nextInt(100);
        if (lr < 10) {
            list = 0;
        } else if (lr < 18) {
            list = a.badPointer();
        } else {
            list = a.args.alloc(8 * Math.max(1, entries));
            for (int i = 0; i < entries; i++) {
                long v = op == MemoryOp.XENMEM_decrease_reservation
                        ? (!a.extra.isEmpty() && a.chance(70) ? a.pick(a.extra) : a.mfn())
                        : a.rnd.nextInt(4096);
                a.g.write64(list + 8L * i, v);
            }
            if (nr > entries) {
                // a longer list runs into the unmapped page after the argument area
                list = a.args.beforeGuard(8 * entries);
                for (int i = 0; i < entries; i++) {
                    a.g.write64(list + 8L * i, a.rnd.nextInt(4096));
                }
            }
        }
        byte[] res = Structs.reservation(list, nr, order, domid);
        if (a.chance(10)) {
            LittleEndian.putI32(res, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET, a.rnd.nextInt());
        }
        long arg = a.chance(95) ? a.args.put(res) : a.badPointer();
        long cmd = op.code | (start << MemoryOp.MEMOP_EXTENT_SHIFT);
        Planned p = new Planned(
                a,
                Hypercall.memory_op.number,
                "memory_op " + op + " start=" + start + " nr=" + hex(nr) + " order=" + order + " domid=" + hex(domid)
                        + " list=" + hex(list),
                cmd,
                arg);
        p.maxCount = Math.max(start, nr < 0 ? start : nr);
        p.tag = op == MemoryOp.XENMEM_increase_reservation
                ? "increase"
                : op == MemoryOp.XENMEM_decrease_reservation ? "decrease" : "populate";
        RandomGuest owner = owner(a, domid);
        // the generator only looks back at a list it stored in the argument area
        long theList = list != 0 && a.args.contains(list) ? list : 0;
        if (op == MemoryOp.XENMEM_decrease_reservation) {
            p.atomicOnFailure = start == 0;
            p.after = rc -> {
                if (owner != null && theList != 0 && rc > 0 && rc <= entries) {
                    for (int i = 0; i < rc; i++) {
                        owner.extra.remove(a.g.read64(theList + 8L * i));
                    }
                }
            };
        } else {
            p.atomicOnFailure = op == MemoryOp.XENMEM_increase_reservation && list == 0 && start == 0;
            p.after = rc -> {
                if (owner != null && theList != 0 && rc > start && rc <= entries) {
                    for (long i = start; i < rc; i++) {
                        long mfn = a.g.read64(theList + 8 * i);
                        if (a.frames().owner(mfn) == owner.domid && !owner.extra.contains(mfn)) {
                            owner.extra.add(mfn);
                        }
                    }
                }
            };
        }
        return p;
    }

    private RandomGuest owner(RandomGuest a, int domid) {
        if (domid == DomId.DOMID_SELF) {
            return a;
        }
        for (RandomGuest g : guests) {
            if (g.domid == domid) {
                return g;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ multicall

    Planned multicall(RandomGuest a) {
        int n = 1 + a.pickIndex(5);
        List<Planned> subs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int r = a.rnd.nextInt(100);
            Planned sub;
            if (r < 25) {
                sub = mmuUpdate(a);
            } else if (r < 45) {
                sub = remap(a);
            } else if (r < 60) {
                sub = pinOrUnpin(a);
            } else if (r < 70) {
                sub = hook(a);
            } else if (r < 78) {
                sub = memoryOp(a);
            } else if (r < 84) {
                sub = mmuextMisc(a);
            } else if (r < 90) {
                sub = new Planned(a, Hypercall.xen_version.number, "xen_version", XenVersionCmd.XENVER_version.code, 0);
                sub.anyNonNegative = true;
            } else if (r < 95) {
                long inner = a.args.put(Structs.multicallList(Structs.multicallEntry(Hypercall.xen_version.number)));
                sub = new Planned(a, Hypercall.multicall.number, "nested multicall", inner, 1);
                sub.errors = errors(Errno.EINVAL);
            } else {
                long[] odd = {0, 60, 64, -1, 1L << 40};
                long op = odd[a.pickIndex(odd.length)];
                sub = new Planned(a, op, "hypercall " + op);
                sub.errors = errors(Errno.ENOSYS);
            }
            subs.add(sub);
        }
        return batch(a, subs);
    }

    /** A multicall of {@code subs}, whose arguments are already stored. */
    Planned batch(RandomGuest a, List<Planned> subs) {
        int n = subs.size();
        byte[][] entries = new byte[n][];
        StringBuilder what = new StringBuilder("multicall{");
        for (int i = 0; i < n; i++) {
            Planned s = subs.get(i);
            entries[i] = Structs.multicallEntry(s.op, s.args);
            what.append(i == 0 ? " " : "; ").append(s.what);
        }
        long list = a.chance(92) ? a.args.put(Structs.multicallList(entries)) : a.badPointer();
        what.append(" } list=").append(hex(list));
        Planned p = new Planned(a, Hypercall.multicall.number, what.toString(), list, n);
        p.errors = errors(Errno.EFAULT);
        p.subCalls = subs;
        p.tag = "multicall";
        return p;
    }

    // ------------------------------------------------------------------------------------------------ noise

    Planned noise(RandomGuest a) {
        switch (a.pickIndex(4)) {
            case 0:
                return noiseMmuUpdate(a);
            case 1:
                return mmuext(
                        a,
                        new int[] {a.pickIndex(24), a.rnd.nextInt()},
                        new long[] {a.mfn(), a.rnd.nextLong()},
                        new long[] {a.mfn(), a.rnd.nextLong()},
                        a.chance(50) ? a.rnd.nextInt() : a.foreigndom(),
                        a.chance(50));
            case 2:
                return uvm(a, a.va(), a.rnd.nextLong(), (a.rnd.nextLong() & ~3L) | a.pickIndex(4));
            default:
                long cmd = a.rnd.nextInt(64) | ((long) a.pickIndex(4) << MemoryOp.MEMOP_EXTENT_SHIFT);
                long arg = a.chance(70) ? a.args.put(randomWords(a, 4)) : a.badPointer();
                Planned p = new Planned(a, Hypercall.memory_op.number, "memory_op cmd=" + hex(cmd), cmd, arg);
                p.errors = MEMORY_ERRORS;
                p.anyNonNegative = true;
                return p;
        }
    }

    private static byte[] randomWords(RandomGuest a, int n) {
        byte[] b = new byte[8 * n];
        for (int i = 0; i < n; i++) {
            LittleEndian.putI64(b, 8 * i, a.chance(50) ? a.rnd.nextLong() : a.rnd.nextInt(5000));
        }
        return b;
    }

    /** An mmu_update with a count from the boundary values; a list longer than written runs into a fault. */
    private Planned noiseMmuUpdate(RandomGuest a) {
        long count = a.count(4);
        int fd = a.chance(50) ? a.rnd.nextInt() : a.foreigndom();
        long reqs;
        int written = (int) Math.min(count & 0x7FFF_FFFFL, 4);
        if (a.chance(15)) {
            reqs = a.badPointer();
        } else {
            reqs = written == (count & 0xFFFF_FFFFL)
                    ? a.args.alloc(16 * Math.max(1, written))
                    : a.args.beforeGuard(16 * written);
            for (int i = 0; i < written; i++) {
                a.g.write64(reqs + 16L * i, safePtr(a, a.rnd.nextLong()));
                a.g.write64(reqs + 16L * i + 8, a.rnd.nextLong());
            }
        }
        long pdone = a.chance(50) ? a.args.alloc(8) : a.badPointer();
        Planned p = new Planned(
                a,
                Hypercall.mmu_update.number,
                "mmu_update reqs=" + hex(reqs) + " count=" + hex(count) + " pdone=" + hex(pdone) + " fd=" + hex(fd),
                reqs,
                count,
                pdone,
                fd);
        p.errors = MMU_UPDATE_ERRORS;
        if ((count & 0xFFFF_FFFFL) == 0x8000_0000L && reqs == 0) {
            // a call that only finishes a continuation returns what it is given in foreigndom
            p.alsoAllowed = (long) fd;
        }
        return p;
    }
}
