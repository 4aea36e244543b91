package org.pvsim.guest.hypercall;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * A {@link GuestCpu} without a hypervisor, for testing what the wrappers put in guest memory and registers: a flat
 * guest memory of {@link #PAGES} pages at {@link #BASE} (an argument area, then scratch pages), a TSC the test and
 * {@code compute} advance, and hypercalls answered by the test's {@link Xen}, which sees the guest's memory as Xen
 * would through {@code copy_from_guest} / {@code copy_to_guest}. Every hypercall is recorded.
 */
public final class FakeGuestCpu implements GuestCpu {
    /** The virtual address of the first page: an argument area starts here. */
    public static final long BASE = 0xFFFF_8800_0040_0000L;
    /** Pages of guest memory: an {@link ArgumentArea} and room for the scratch buffer to grow. */
    public static final int PAGES = ArgumentArea.PAGES + 8;

    /** The test's stand-in for the hypervisor. */
    @FunctionalInterface
    public interface Xen {
        /** Answers hypercall {@code number} made by {@code cpu}. */
        long hypercall(FakeGuestCpu cpu, int number, long a1, long a2, long a3, long a4, long a5);
    }

    /** One hypercall as the guest made it. */
    public record Call(int number, long a1, long a2, long a3, long a4, long a5) {}

    private final byte[] memory;
    private final List<Call> calls;
    private final int vcpuId;
    private Xen xen;
    private long tsc;
    private long bootRip;

    public FakeGuestCpu(int vcpuId, Xen xen) {
        this(vcpuId, PAGES, xen);
    }

    /** A vCPU with {@code pages} pages of guest memory at {@link #BASE}. */
    public FakeGuestCpu(int vcpuId, int pages, Xen xen) {
        this.vcpuId = vcpuId;
        this.memory = new byte[pages * PAGE_SIZE];
        this.calls = new ArrayList<>();
        this.xen = xen;
    }

    /**
     * Another vCPU of {@code sibling}'s domain: the same guest memory, the same Xen and the same call list, its own
     * TSC.
     */
    public FakeGuestCpu(int vcpuId, FakeGuestCpu sibling) {
        this.vcpuId = vcpuId;
        this.memory = sibling.memory;
        this.calls = sibling.calls;
        this.xen = sibling.xen;
        this.tsc = sibling.tsc;
    }

    /** The guest memory's size in bytes. */
    public int memoryBytes() {
        return memory.length;
    }

    /** Sets what {@link #bootRip()} returns (the kernel image's address, where the early console writes). */
    public void setBootRip(long bootRip) {
        this.bootRip = bootRip;
    }

    /** Wrappers for this CPU over an argument area at {@link #BASE}, with scratch pages after it. */
    public Hypercalls hypercalls() {
        ScratchPages scratch = new ScratchPages() {
            private long next = BASE + (long) ArgumentArea.PAGES * PAGE_SIZE;

            @Override
            public long allocate(int pages) {
                long va = next;
                next += (long) pages * PAGE_SIZE;
                return next <= BASE + memory.length ? va : 0;
            }

            @Override
            public void free(long va, int pages) {}
        };
        return new Hypercalls(new ArgumentArea(BASE), scratch).bind(this);
    }

    public void setXen(Xen xen) {
        this.xen = xen;
    }

    /** The TSC. */
    public long tsc() {
        return tsc;
    }

    /** Sets the TSC, as virtual time passing while the vCPU was off the CPU. */
    public void setTsc(long tsc) {
        this.tsc = tsc;
    }

    /** Every hypercall made so far, in order. */
    public List<Call> calls() {
        return calls;
    }

    /** The last hypercall made. */
    public Call lastCall() {
        return calls.get(calls.size() - 1);
    }

    private int offset(long va, int len) {
        long off = va - BASE;
        if (off < 0 || off + len > memory.length) {
            throw new IllegalArgumentException(String.format("guest access %#x+%d outside the fake's memory", va, len));
        }
        return (int) off;
    }

    @Override
    public int vcpuId() {
        return vcpuId;
    }

    @Override
    public long bootRsi() {
        return 0;
    }

    @Override
    public long bootRip() {
        return bootRip;
    }

    @Override
    public long rdtsc() {
        return tsc;
    }

    @Override
    public long hypercall(int number, long rdi, long rsi, long rdx, long r10, long r8) {
        calls.add(new Call(number, rdi, rsi, rdx, r10, r8));
        return xen.hypercall(this, number, rdi, rsi, rdx, r10, r8);
    }

    @Override
    public long read64(long va) {
        return LittleEndian.getI64(memory, offset(va, 8));
    }

    @Override
    public int read32(long va) {
        return LittleEndian.getI32(memory, offset(va, 4));
    }

    @Override
    public int read16(long va) {
        return LittleEndian.getU16(memory, offset(va, 2));
    }

    @Override
    public int read8(long va) {
        return memory[offset(va, 1)] & 0xFF;
    }

    @Override
    public void read(long va, byte[] dst, int off, int len) {
        System.arraycopy(memory, offset(va, len), dst, off, len);
    }

    @Override
    public void write64(long va, long value) {
        LittleEndian.putI64(memory, offset(va, 8), value);
    }

    @Override
    public void write32(long va, int value) {
        LittleEndian.putI32(memory, offset(va, 4), value);
    }

    @Override
    public void write16(long va, int value) {
        LittleEndian.putU16(memory, offset(va, 2), value);
    }

    @Override
    public void write8(long va, int value) {
        memory[offset(va, 1)] = (byte) value;
    }

    @Override
    public void write(long va, byte[] src, int off, int len) {
        System.arraycopy(src, off, memory, offset(va, len), len);
    }

    @Override
    public void compute(long ns) {
        if (ns > 0) {
            tsc += ns;
        }
    }
}
