package org.pvsim.hypervisor.timer;

import java.util.Arrays;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuTimeInfoDescriptor;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.XenCommandLine;

/**
 * A vCPU's {@code vcpu_time_info} ({@code update_vcpu_system_time}, {@code xen/arch/x86/time.c}): the parameters a PV
 * guest turns a TSC reading into system time with, {@code system_time + ((tsc - tsc_timestamp) << tsc_shift) *
 * tsc_to_system_mul / 2^32} nanoseconds since boot.
 *
 * <p>pvsim's TSC counts virtual nanoseconds since boot ({@code GuestCpu.rdtsc}), on every pCPU alike. Xen's {@code
 * set_time_scale} for a 1 GHz TSC gives {@link #TSC_TO_SYSTEM_MUL} {@code 0x80000000} and {@link #TSC_SHIFT} 1, which
 * scales a delta by exactly 1. The stamp ({@code tsc_timestamp}, {@code system_time}) is the pCPU's, taken by Xen at
 * boot and at each calibration, once every {@link #EPOCH_NS}; pvsim's pCPUs all calibrate exactly at the multiples of
 * the epoch, where TSC and system time are equal, so the stamp at time {@code t} is {@code t} rounded down to the
 * epoch. {@code flags} has {@code XEN_PVCLOCK_TSC_STABLE_BIT} only with {@code clocksource=tsc} on the Xen command line,
 * as Xen sets it only when the TSC is its clock source.
 *
 * <p>An update follows Xen's protocol: nothing is written if the fields would not change (unless forced); otherwise
 * {@code version} becomes odd ({@code version_update_begin}), the fields are written, and {@code version} becomes
 * even ({@code version_update_end}), so a guest that reads an even, unchanged version around its reads has a
 * consistent copy. The writes go to the shared-info page directly, as Xen's do: they are not journalled, and replay
 * repeats them because it repeats what causes them (context switches). A vCPU with no {@code vcpu_info} in the
 * shared-info page (id 32 or more) gets no update, as Xen writes the dummy {@code vcpu_info} then. Allocates nothing.
 */
public final class VcpuSystemTime {
    /** {@code EPOCH}: Xen recalibrates each pCPU's time stamp every second ({@code x86/time.c}). */
    public static final long EPOCH_NS = 1_000_000_000L;

    /** {@code tsc_to_system_mul} for pvsim's 1 GHz TSC: {@code set_time_scale(1000000000)}. */
    public static final int TSC_TO_SYSTEM_MUL = 0x8000_0000;

    /** {@code tsc_shift} for pvsim's 1 GHz TSC: {@code set_time_scale(1000000000)}. */
    public static final int TSC_SHIFT = 1;

    private static final int SIZE = VcpuTimeInfoDescriptor.SIZE;

    private final MachineMemory memory;
    private final int flags;
    private final byte[] old = new byte[SIZE];
    private final byte[] fresh = new byte[SIZE];
    private long updates;

    /**
     * Reads {@code clocksource} from the Xen command line.
     *
     * @throws IllegalArgumentException if {@code clocksource} is not one of Xen's ({@code pit}, {@code hpet}, {@code
     *     acpi}, {@code tsc})
     */
    public VcpuSystemTime(MachineMemory memory, XenCommandLine commandLine) {
        this.memory = memory;
        String source = commandLine.choice("clocksource", "", "pit", "hpet", "acpi", "tsc");
        this.flags = source.equals("tsc") ? VcpuTimeInfoDescriptor.XEN_PVCLOCK_TSC_STABLE_BIT : 0;
    }

    /** The pCPUs' time stamp at {@code now}: the TSC and system time of the last calibration. */
    public static long stampAt(long now) {
        return now - now % EPOCH_NS;
    }

    /**
     * {@code scale_delta}: {@code (delta << shift) * mul / 2^32}, with a negative shift shifting right and the
     * product taken on 96 bits as Xen's {@code mulq; shrd}, for {@code delta} read as unsigned.
     */
    public static long scaleDelta(long delta, int mul, int shift) {
        long d = shift < 0 ? delta >>> -shift : delta << shift;
        long m = mul & 0xFFFF_FFFFL;
        // the unsigned high half of d * m (m < 2^32 is never negative, so only d's sign needs correcting)
        long hi = Math.multiplyHigh(d, m) + ((d >> 63) & m);
        long lo = d * m;
        return (hi << 32) | (lo >>> 32);
    }

    /** Writes of {@code vcpu_time_info} so far (updates that found nothing changed not counted). */
    public long updates() {
        return updates;
    }

    /** {@code update_vcpu_system_time}: refreshes {@code v}'s {@code vcpu_time_info} if it would change. */
    public void update(Vcpu v, long now) {
        write(v, now, false);
    }

    /** {@code force_update_vcpu_system_time}: rewrites {@code v}'s {@code vcpu_time_info}, new version and all. */
    public void forceUpdate(Vcpu v, long now) {
        write(v, now, true);
    }

    private void write(Vcpu v, long now, boolean force) {
        if (v.vcpuId() >= SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS) {
            return;
        }
        long si = v.domain().sharedInfoMfn();
        int at = SharedInfoDescriptor.vcpuInfoOffset(v.vcpuId()) + VcpuInfoDescriptor.TIME_OFFSET;
        memory.read(si, at, old, 0, SIZE);
        long stamp = stampAt(now);
        Arrays.fill(fresh, (byte) 0);
        int version = LittleEndian.getI32(old, VcpuTimeInfoDescriptor.VERSION_OFFSET);
        LittleEndian.putI32(fresh, VcpuTimeInfoDescriptor.VERSION_OFFSET, version);
        LittleEndian.putI64(fresh, VcpuTimeInfoDescriptor.TSC_TIMESTAMP_OFFSET, stamp);
        LittleEndian.putI64(fresh, VcpuTimeInfoDescriptor.SYSTEM_TIME_OFFSET, stamp);
        LittleEndian.putI32(fresh, VcpuTimeInfoDescriptor.TSC_TO_SYSTEM_MUL_OFFSET, TSC_TO_SYSTEM_MUL);
        fresh[VcpuTimeInfoDescriptor.TSC_SHIFT_OFFSET] = (byte) TSC_SHIFT;
        fresh[VcpuTimeInfoDescriptor.FLAGS_OFFSET] = (byte) flags;
        if (!force && Arrays.equals(old, fresh)) {
            return;
        }
        int begin = (version + 1) | 1;
        LittleEndian.putI32(fresh, VcpuTimeInfoDescriptor.VERSION_OFFSET, begin);
        memory.write(si, at + VcpuTimeInfoDescriptor.VERSION_OFFSET, fresh, VcpuTimeInfoDescriptor.VERSION_OFFSET, 4);
        memory.write(si, at, fresh, 0, SIZE);
        LittleEndian.putI32(fresh, VcpuTimeInfoDescriptor.VERSION_OFFSET, begin + 1);
        memory.write(si, at + VcpuTimeInfoDescriptor.VERSION_OFFSET, fresh, VcpuTimeInfoDescriptor.VERSION_OFFSET, 4);
        updates++;
    }
}
