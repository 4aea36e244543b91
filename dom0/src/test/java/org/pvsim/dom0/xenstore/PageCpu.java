package org.pvsim.dom0.xenstore;

import org.pvsim.hypervisor.abi.GuestCpu;

/** A {@link GuestCpu} whose whole address space is one 4 KiB page at va 0: both ends of a test ring share it. */
final class PageCpu implements GuestCpu {
    final byte[] page = new byte[4096];

    @Override
    public int vcpuId() {
        return 0;
    }

    @Override
    public long bootRsi() {
        return 0;
    }

    @Override
    public long bootRip() {
        return 0;
    }

    @Override
    public long rdtsc() {
        return 0;
    }

    @Override
    public long hypercall(int number, long rdi, long rsi, long rdx, long r10, long r8) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long read64(long va) {
        return (read32(va) & 0xFFFF_FFFFL) | ((long) read32(va + 4) << 32);
    }

    @Override
    public int read32(long va) {
        int a = (int) va;
        return (page[a] & 0xFF) | (page[a + 1] & 0xFF) << 8 | (page[a + 2] & 0xFF) << 16 | (page[a + 3] & 0xFF) << 24;
    }

    @Override
    public int read16(long va) {
        return (page[(int) va] & 0xFF) | (page[(int) va + 1] & 0xFF) << 8;
    }

    @Override
    public int read8(long va) {
        return page[(int) va] & 0xFF;
    }

    @Override
    public void read(long va, byte[] dst, int off, int len) {
        System.arraycopy(page, (int) va, dst, off, len);
    }

    @Override
    public void write64(long va, long value) {
        write32(va, (int) value);
        write32(va + 4, (int) (value >>> 32));
    }

    @Override
    public void write32(long va, int value) {
        int a = (int) va;
        page[a] = (byte) value;
        page[a + 1] = (byte) (value >>> 8);
        page[a + 2] = (byte) (value >>> 16);
        page[a + 3] = (byte) (value >>> 24);
    }

    @Override
    public void write16(long va, int value) {
        page[(int) va] = (byte) value;
        page[(int) va + 1] = (byte) (value >>> 8);
    }

    @Override
    public void write8(long va, int value) {
        page[(int) va] = (byte) value;
    }

    @Override
    public void write(long va, byte[] src, int off, int len) {
        System.arraycopy(src, off, page, (int) va, len);
    }

    @Override
    public void compute(long ns) {}
}
