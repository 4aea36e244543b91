package org.pvsim.gnttab.copy.testing;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * The calling domain of a test hypercall: its id and a byte array of guest memory at virtual address {@link #BASE};
 * other addresses fault, and writes at or above {@link #readOnlyFrom} fault.
 */
public final class CopyTestGuest implements HypercallContext {
    /** Where the argument memory starts. */
    public static final long BASE = 0x40_0000L;

    public final byte[] memory = new byte[8192];
    public int domid;
    public long readOnlyFrom = Long.MAX_VALUE;
    public long charged;

    private boolean inRange(long va, int len) {
        return va >= BASE && len >= 0 && va - BASE <= memory.length - (long) len;
    }

    @Override
    public int callerDomid() {
        return domid;
    }

    @Override
    public int callerVcpuId() {
        return 0;
    }

    @Override
    public boolean isCallerPrivileged() {
        return domid == 0;
    }

    @Override
    public long now() {
        return 0;
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
    public void charge(long ns) {
        charged += ns;
    }
}
