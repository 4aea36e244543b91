package org.pvsim.hypervisor.spi.testing;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * A {@link HypercallContext} for one call: the caller's identity and its guest memory, a byte array mapped at virtual
 * address {@link #BASE}. Addresses outside it fault; addresses at or above {@link #readOnlyFrom} are readable but not
 * writable. What the hypercall charges adds up in {@link #charged}; helpers read and write little-endian values as the
 * guest's kernel would.
 */
public final class FakeGuest implements HypercallContext {
    /** Where the guest memory starts. */
    public static final long BASE = 0x40_0000L;

    public final byte[] memory;
    public int domid;
    public int vcpu;
    public boolean privileged;
    public long now;
    /** Writes at or above this address fault ({@code Long.MAX_VALUE}: all writable). */
    public long readOnlyFrom = Long.MAX_VALUE;
    /** Nanoseconds the hypercalls charged. */
    public long charged;

    public FakeGuest(int size) {
        this.memory = new byte[size];
    }

    private boolean inRange(long va, int len) {
        return va >= BASE && len >= 0 && va - BASE <= memory.length - (long) len;
    }

    /** The index of {@code va} in {@link #memory}. */
    public int off(long va) {
        return (int) (va - BASE);
    }

    public void put16(long va, int v) {
        LittleEndian.putU16(memory, off(va), v);
    }

    public void put32(long va, int v) {
        LittleEndian.putI32(memory, off(va), v);
    }

    public void put64(long va, long v) {
        LittleEndian.putI64(memory, off(va), v);
    }

    /** The 16-bit value at {@code va}, sign-extended (as a GNTST_* status is read). */
    public int get16s(long va) {
        return (short) LittleEndian.getU16(memory, off(va));
    }

    public int get32(long va) {
        return LittleEndian.getI32(memory, off(va));
    }

    public long get64(long va) {
        return LittleEndian.getI64(memory, off(va));
    }

    @Override
    public int callerDomid() {
        return domid;
    }

    @Override
    public int callerVcpuId() {
        return vcpu;
    }

    @Override
    public boolean isCallerPrivileged() {
        return privileged;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public int copyFromGuest(long va, byte[] dst, int off, int len) {
        if (!inRange(va, len)) {
            return Errno.EFAULT.neg();
        }
        System.arraycopy(memory, off(va), dst, off, len);
        return 0;
    }

    @Override
    public int copyToGuest(long va, byte[] src, int off, int len) {
        if (!inRange(va, len) || va + len > readOnlyFrom) {
            return Errno.EFAULT.neg();
        }
        System.arraycopy(src, off, memory, off(va), len);
        return 0;
    }

    @Override
    public void charge(long ns) {
        charged += ns;
    }
}
