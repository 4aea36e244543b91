package org.pvsim.evtchn.testing;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * A {@link HypercallContext} for one call: the caller's identity and its guest memory, a byte array mapped at virtual
 * address {@link #BASE}. Addresses outside it fault; addresses at or above {@link #readOnlyFrom} are readable but not
 * writable.
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

    public FakeGuest(int size) {
        this.memory = new byte[size];
    }

    private boolean inRange(long va, int len) {
        return va >= BASE && len >= 0 && va - BASE <= memory.length - (long) len;
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
        System.arraycopy(memory, (int) (va - BASE), dst, off, len);
        return 0;
    }

    @Override
    public int copyToGuest(long va, byte[] src, int off, int len) {
        if (!inRange(va, len) || va + len > readOnlyFrom) {
            return Errno.EFAULT.neg();
        }
        System.arraycopy(src, off, memory, (int) (va - BASE), len);
        return 0;
    }

    @Override
    public void charge(long ns) {}
}
