package org.pvsim.hypervisor.journal;

import java.util.HashMap;
import java.util.Map;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * A tiny deterministic hypervisor for journal tests. It keeps guest memory as bytes (by virtual address, as a guest
 * stores them); a hypercall reads 16 bytes at a1 ({@code copy_from_guest}; a1 == 0 faults), computes its result from
 * them, writes the result as 8 bytes at a2 ({@code copy_to_guest}), and a {@code domctl} pauses domain a3 (a lifecycle
 * output inside the hypercall). A guest fault crashes the domain (two lifecycle outputs after the fault).
 *
 * <p>A {@link Mutation} makes it misbehave at its {@code at}-th hypercall (counted from 0), so that replay tests can
 * check what divergence is reported.
 */
final class FakeHypervisor implements ReplayTarget {
    static final BootParameters PARAMS =
            new BootParameters("0.1.0-test", "journal-test", 42, 2, 65536, "credit", 16384, 2, "vmlinuz", "quiet");
    static final long FAULTING_VA = 0;

    enum Mutation {
        NONE,
        DIFFERENT_RESULT,
        DIFFERENT_READ,
        EXTRA_LIFECYCLE,
        OMIT_LIFECYCLE,
        THROW,
        RETURN_OTHER_THAN_JOURNALLED,
        SKIP_REPORT,
        DIFFERENT_GNTTAB_STATUS
    }

    private final Journal journal;
    private final Mutation mutation;
    private final int at;
    private final Map<Long, Byte> memory = new HashMap<>(); // looked up, never iterated
    private final int[][] running = new int[PARAMS.nrPcpus()][];
    private final Map<Integer, Integer> pauseCount = new HashMap<>(); // looked up, never iterated
    private int hypercalls;

    private FakeHypervisor(Journal journal, Mutation mutation, int at) {
        this.journal = journal;
        this.mutation = mutation;
        this.at = at;
        for (int p = 0; p < running.length; p++) {
            running[p] = new int[] {-1, p};
        }
    }

    /** Boots: reports BOOT and the creation of dom0. */
    static FakeHypervisor boot(BootParameters params, Journal journal, Mutation mutation, int at) {
        FakeHypervisor h = new FakeHypervisor(journal, mutation, at);
        journal.boot(params);
        journal.lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 0, params.dom0Vcpus());
        return h;
    }

    /** A factory for replay. */
    static ReplayTarget.Factory factory(Mutation mutation, int at) {
        return (params, journal) -> boot(params, journal, mutation, at);
    }

    @Override
    public long hypercall(int domid, int vcpu, long time, int op, long a1, long a2, long a3, long a4, long a5) {
        int n = hypercalls++;
        boolean mutate = n == at;
        if (mutate && mutation == Mutation.THROW) {
            throw new IllegalStateException("boom in hypercall " + n);
        }
        if (mutate && mutation == Mutation.SKIP_REPORT) {
            return 0;
        }
        journal.hypercallBegin(domid, vcpu, time, op, a1, a2, a3, a4, a5);
        long result;
        if (a1 == FAULTING_VA) {
            journal.hypercallRead(a1, null, 0, 16, true);
            result = Errno.EFAULT.neg();
        } else {
            byte[] in = new byte[16];
            for (int i = 0; i < in.length; i++) {
                in[i] = memory.getOrDefault(a1 + i, (byte) 0);
            }
            if (mutate && mutation == Mutation.DIFFERENT_READ) {
                in[4] ^= 0x5A;
            }
            journal.hypercallRead(a1, in, 0, in.length, false);
            long sum = 0;
            for (byte b : in) {
                sum += b & 0xFF;
            }
            result = sum % 3 == 0 ? Errno.EINVAL.neg() : sum;
            if (mutate && mutation == Mutation.DIFFERENT_RESULT) {
                result = result == 0 ? Errno.EPERM.neg() : 0;
            }
            byte[] out = new byte[8];
            LittleEndian.putI64(out, 0, result);
            store(a2, out);
            journal.hypercallWrote(a2, out, 0, out.length, false);
        }
        if (op == Hypercall.domctl.number && !(mutate && mutation == Mutation.OMIT_LIFECYCLE)) {
            int target = (int) a3;
            int count = pauseCount.merge(target, 1, Integer::sum);
            journal.lifecycle(time, LifecycleEvent.DOMAIN_PAUSED, target, count);
        }
        if (op == Hypercall.grant_table_op.number) {
            // one element's outcome, as the grant tables report it: GNTST_okay or GNTST_bad_gntref
            int status = result < 0 ? -3 : 0;
            if (mutate && mutation == Mutation.DIFFERENT_GNTTAB_STATUS) {
                status = status == 0 ? -3 : 0;
            }
            journal.gnttab(time, (int) a3, domid, 1, a1 & 0xFFF, status, result);
        }
        journal.hypercallEnd(result);
        if (mutate && mutation == Mutation.EXTRA_LIFECYCLE) {
            journal.lifecycle(time, LifecycleEvent.VIRQ_RAISED, domid, 3);
        }
        if (mutate && mutation == Mutation.RETURN_OTHER_THAN_JOURNALLED) {
            return result + 1;
        }
        return result;
    }

    @Override
    public void guestWrite(int domid, int vcpu, long time, long va, byte[] src, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(src, off, copy, 0, len);
        store(va, copy);
        journal.guestWrite(domid, vcpu, time, va, maddrOf(va), src, off, len);
    }

    @Override
    public void guestFault(int domid, int vcpu, long time, int kind, long va, int errorCode) {
        journal.guestFault(domid, vcpu, time, kind, va, errorCode);
        journal.lifecycle(time, LifecycleEvent.DOMAIN_SHUTDOWN, domid, 3);
        journal.lifecycle(time, LifecycleEvent.DOMAIN_DEAD, domid, 0);
    }

    /** A toy policy: pCPU p runs d(time/1000 % 3 - 1)v0, idle when that is -1. */
    @Override
    public void schedule(int pcpu, long time) {
        int[] prev = running[pcpu];
        int next = (int) (time / 1000 % 3) - 1;
        running[pcpu] = new int[] {next, next < 0 ? -1 : 0};
        journal.scheduleBegin(pcpu, time);
        journal.trace(time, 0x21001, next, next < 0 ? -1 : 0, 1, 0);
        journal.scheduleEnd(prev[0], prev[1], next, next < 0 ? -1 : 0, 1000);
    }

    @Override
    public void timer(long time, int timerClass, int domid, int vcpu, int index) {
        journal.timerBegin(time, timerClass, domid, vcpu, index);
        journal.lifecycle(time, LifecycleEvent.VIRQ_RAISED, domid, 0);
        journal.timerEnd();
    }

    @Override
    public void portIo(int domid, int vcpu, long time, int port, int size, boolean write, int value) {
        journal.portIoBegin(domid, vcpu, time, port, size, write ? JournalFormat.PORT_IO_WRITE : 0, value);
        journal.portIoEnd();
    }

    @Override
    public void upcall(int domid, int vcpu, long time, long rip) {
        journal.upcall(domid, vcpu, time, rip);
        journal.evtchn(time, 4, domid, vcpu, -1, 0);
    }

    static long maddrOf(long va) {
        return (va & 0xFFFF_FFFFL) | 0x1_0000_0000L;
    }

    private void store(long va, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            memory.put(va + i, bytes[i]);
        }
    }
}
