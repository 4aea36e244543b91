package org.pvsim.hypervisor.abi;

/**
 * One virtual CPU as a PV guest kernel's code sees it: the instructions a PV kernel may execute. This is the whole
 * interface between guest code and the hypervisor: hypercalls, loads and stores through the vCPU's current page
 * tables, the time-stamp counter, and the passage of time while the kernel computes.
 *
 * <p>Memory accesses run in kernel mode with {@code CR0.WP} set, as Xen runs a 64-bit PV kernel: a store through a
 * read-only mapping faults, so a guest can change its page tables only through validated hypercalls. A load or
 * store that cannot be translated throws {@link GuestPageFault}. Addresses in Xen's range are not accessible, with
 * one exception: the read-only machine-to-phys table at {@link XenAddressSpace#MACH2PHYS_VIRT_START}.
 *
 * <p>A vCPU that a hypercall takes off the CPU (its domain shut down or paused, itself brought down) does not run
 * again in the same step: the next call on this interface ends the step.
 */
public interface GuestCpu {

    /** This vCPU's id within its domain. */
    int vcpuId();

    /**
     * The value of RSI when the vCPU started: for vCPU 0 of a freshly built domain, the virtual address of its
     * {@code start_info} page (Xen's PV boot protocol).
     */
    long bootRsi();

    /** The virtual address execution began at ({@code RIP} of the initial context). */
    long bootRip();

    /** The time-stamp counter. pvsim's TSC runs at 1 GHz: one tick per virtual nanosecond since boot. */
    long rdtsc();

    /**
     * Makes a hypercall: the number goes in RAX, the arguments in RDI, RSI, RDX, R10 and R8; the result comes back in
     * RAX. A negative result is a negated {@link Errno}.
     */
    long hypercall(int number, long rdi, long rsi, long rdx, long r10, long r8);

    /** Loads 8 bytes. */
    long read64(long va);

    /** Loads 4 bytes. */
    int read32(long va);

    /** Loads 2 bytes, zero-extended. */
    int read16(long va);

    /** Loads 1 byte, zero-extended. */
    int read8(long va);

    /** Loads {@code len} bytes into {@code dst[off..]}. */
    void read(long va, byte[] dst, int off, int len);

    /** Stores 8 bytes. */
    void write64(long va, long value);

    /** Stores 4 bytes. */
    void write32(long va, int value);

    /** Stores 2 bytes. */
    void write16(long va, int value);

    /** Stores 1 byte. */
    void write8(long va, int value);

    /** Stores {@code len} bytes from {@code src[off..]}. */
    void write(long va, byte[] src, int off, int len);

    /**
     * Executes {@code in} of {@code size} bytes (1, 2 or 4) from I/O {@code port}: it traps to Xen, which emulates it
     * against the machine's devices ({@code emulate_privileged_op}) and returns the value, zero-extended. A port the
     * domain may not use reads as all ones. Throws {@link GuestGeneralProtection} if the vCPU's virtual IOPL does not
     * allow port I/O ({@code PHYSDEVOP_set_iopl}).
     */
    default int in(int port, int size) {
        throw new GuestGeneralProtection(port, "this CPU has no I/O ports");
    }

    /**
     * Executes {@code out} of the low {@code size} bytes (1, 2 or 4) of {@code value} to I/O {@code port}, emulated
     * by Xen as {@link #in} is; a write to a port the domain may not use is dropped. Throws {@link
     * GuestGeneralProtection} as {@link #in} does.
     */
    default void out(int port, int size, int value) {
        throw new GuestGeneralProtection(port, "this CPU has no I/O ports");
    }

    /** Spends {@code ns} nanoseconds of CPU time computing. The vCPU may be preempted and resumed meanwhile. */
    void compute(long ns);
}
