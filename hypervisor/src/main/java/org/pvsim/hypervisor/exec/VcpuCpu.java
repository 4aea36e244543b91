package org.pvsim.hypervisor.exec;

import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.VcpuStopped;
import org.pvsim.hypervisor.domain.Vcpu;

/**
 * The {@link GuestCpu} a guest kernel's code runs on during one step: loads, stores and hypercalls go to the
 * hypervisor as the bound vCPU's, at the step's time, and the CPU time they and {@code compute} cost adds up. One
 * instance serves every step (rebound each time), so a step allocates nothing.
 */
final class VcpuCpu implements GuestCpu {
    private final Hypervisor hv;
    private final ExecutionCosts costs;
    private final byte[] scratch = new byte[8];

    private Vcpu vcpu;
    private long now;
    private long cost;
    private boolean stopped;

    VcpuCpu(Hypervisor hv, ExecutionCosts costs) {
        this.hv = hv;
        this.costs = costs;
    }

    void bind(Vcpu v, long at) {
        this.vcpu = v;
        this.now = at;
        this.cost = 0;
        this.stopped = false;
    }

    /** Ends the step: the CPU time it took. */
    long unbind() {
        vcpu = null;
        return cost;
    }

    private void check() {
        if (stopped || !vcpu.isRunnable() || hv.isHalted()) {
            stopped = true;
            throw VcpuStopped.INSTANCE;
        }
    }

    @Override
    public int vcpuId() {
        return vcpu.vcpuId();
    }

    @Override
    public long bootRsi() {
        return vcpu.contextRsi();
    }

    @Override
    public long bootRip() {
        return vcpu.contextRip();
    }

    @Override
    public long rdtsc() {
        return now + cost;
    }

    @Override
    public long hypercall(int number, long rdi, long rsi, long rdx, long r10, long r8) {
        check();
        long result = hv.hypercall(vcpu, now, number, rdi, rsi, rdx, r10, r8);
        cost += costs.hypercallNs() + hv.lastHypercallCost();
        if (!vcpu.isRunnable()) {
            stopped = true;
        }
        return result;
    }

    @Override
    public long read64(long va) {
        check();
        hv.guestRead(vcpu, va, scratch, 0, 8);
        return LittleEndian.getI64(scratch, 0);
    }

    @Override
    public int read32(long va) {
        check();
        hv.guestRead(vcpu, va, scratch, 0, 4);
        return LittleEndian.getI32(scratch, 0);
    }

    @Override
    public int read16(long va) {
        check();
        hv.guestRead(vcpu, va, scratch, 0, 2);
        return LittleEndian.getU16(scratch, 0);
    }

    @Override
    public int read8(long va) {
        check();
        hv.guestRead(vcpu, va, scratch, 0, 1);
        return scratch[0] & 0xFF;
    }

    @Override
    public void read(long va, byte[] dst, int off, int len) {
        check();
        hv.guestRead(vcpu, va, dst, off, len);
    }

    @Override
    public void write64(long va, long value) {
        check();
        LittleEndian.putI64(scratch, 0, value);
        hv.guestWrite(vcpu, now, va, scratch, 0, 8);
    }

    @Override
    public void write32(long va, int value) {
        check();
        LittleEndian.putI32(scratch, 0, value);
        hv.guestWrite(vcpu, now, va, scratch, 0, 4);
    }

    @Override
    public void write16(long va, int value) {
        check();
        LittleEndian.putU16(scratch, 0, value);
        hv.guestWrite(vcpu, now, va, scratch, 0, 2);
    }

    @Override
    public void write8(long va, int value) {
        check();
        scratch[0] = (byte) value;
        hv.guestWrite(vcpu, now, va, scratch, 0, 1);
    }

    @Override
    public void write(long va, byte[] src, int off, int len) {
        check();
        hv.guestWrite(vcpu, now, va, src, off, len);
    }

    @Override
    public int in(int port, int size) {
        check();
        try {
            return hv.portIo(vcpu, now, port, size, false, 0);
        } finally {
            cost += hv.lastPortIoCost();
        }
    }

    @Override
    public void out(int port, int size, int value) {
        check();
        try {
            hv.portIo(vcpu, now, port, size, true, value);
        } finally {
            cost += hv.lastPortIoCost();
        }
    }

    @Override
    public void compute(long ns) {
        check();
        if (ns > 0) {
            cost += ns;
        }
    }
}
