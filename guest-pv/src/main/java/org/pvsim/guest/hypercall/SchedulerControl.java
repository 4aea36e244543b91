package org.pvsim.guest.hypercall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetVcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedParamVcpuDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuAffinityDescriptor;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedIdDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;
import org.pvsim.hypervisor.abi.XenctlBitmapDescriptor;

/**
 * Typed scheduling calls of the control interface, the counterpart of libxc's {@code xc_sched_*}, {@code
 * xc_vcpu_setaffinity}, {@code xc_vcpu_getaffinity} and {@code xc_vcpu_getinfo}: each fills a {@code xen_domctl} or
 * {@code xen_sysctl} with the interface version set, makes the call through {@link Hypercalls#domctl} or {@link
 * Hypercalls#sysctl}, and decodes what Xen wrote back. Arrays and bitmaps that the structures point to go in the
 * vCPU's scratch buffer ({@link Hypercalls#buffer(int)}).
 *
 * <p>Results are Xen's codes: only a privileged domain (dom0's toolstack) may make these calls; others get {@code
 * -EPERM}. A call naming another scheduler than the domain's (or the pool's) gets {@code -EINVAL}.
 *
 * <p>Obtained from {@link Hypercalls#schedulerControl()}; it acts as the vCPU those wrappers are bound to. It allocates
 * only the values it returns and the scratch buffer's growth; these are toolstack calls, not a hot path.
 */
public final class SchedulerControl {
    /** Bytes of one {@code xen_domctl_schedparam_vcpu} in the scratch buffer. */
    private static final int PARAM = DomctlSchedParamVcpuDescriptor.SIZE;

    private final Hypercalls hc;
    private final byte[] op = new byte[Math.max(DomctlDescriptor.SIZE, SysctlDescriptor.SIZE)];
    private int lastProcessed;

    SchedulerControl(Hypercalls hc) {
        this.hc = hc;
    }

    // -------------------------------------------------------------------------------------------------------------
    // sysctl

    /**
     * {@code XEN_SYSCTL_sched_id}: the host's default scheduler ({@code xl info}'s {@code xen_scheduler}).
     *
     * @return a {@link XenSchedulerId} code, or a negative errno
     */
    public long schedId() {
        sysctl(SysctlCmd.XEN_SYSCTL_sched_id);
        long rc = hc.sysctl(op);
        return rc != 0
                ? rc
                : LittleEndian.getU32(op, SysctlDescriptor.U_OFFSET + SysctlSchedIdDescriptor.SCHED_ID_OFFSET);
    }

    /**
     * {@code XEN_SYSCTL_scheduler_op}, {@code XEN_SYSCTL_SCHEDOP_getinfo}: the parameters of pool {@code cpupoolId}'s
     * scheduler ({@code xl sched-credit -s}, {@code sched-credit2 -s}).
     *
     * @param scheduler {@code XEN_SCHEDULER_CREDIT} or {@code XEN_SCHEDULER_CREDIT2}, the pool's scheduler
     * @throws IllegalArgumentException for another scheduler: pvsim has no value for its parameters
     */
    public HypercallResult<SysctlSchedParams> getPoolParams(int cpupoolId, XenSchedulerId scheduler) {
        if (scheduler != XenSchedulerId.XEN_SCHEDULER_CREDIT && scheduler != XenSchedulerId.XEN_SCHEDULER_CREDIT2) {
            throw new IllegalArgumentException(scheduler + " has no pool parameters pvsim can decode");
        }
        poolOp(cpupoolId, scheduler, SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_getinfo);
        return poolAnswer(scheduler, hc.sysctl(op));
    }

    /**
     * {@code XEN_SYSCTL_scheduler_op}, {@code XEN_SYSCTL_SCHEDOP_putinfo}: sets the parameters of pool {@code
     * cpupoolId}'s scheduler. Xen checks the limits of {@link SysctlSchedulerOpDescriptor} ({@code -EINVAL}) and
     * answers with the parameters now in force.
     */
    public HypercallResult<SysctlSchedParams> putPoolParams(int cpupoolId, SysctlSchedParams params) {
        poolOp(cpupoolId, params.scheduler(), SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_putinfo);
        int u = SysctlDescriptor.U_OFFSET;
        if (params instanceof SysctlSchedParams.Credit c) {
            LittleEndian.putI32(
                    op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_TSLICE_MS_OFFSET, (int) c.tsliceMs());
            LittleEndian.putI32(
                    op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_RATELIMIT_US_OFFSET, (int) c.ratelimitUs());
            LittleEndian.putI32(op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET, (int)
                    c.vcpuMigrDelayUs());
        } else {
            SysctlSchedParams.Credit2 c = (SysctlSchedParams.Credit2) params;
            LittleEndian.putI32(
                    op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT2_RATELIMIT_US_OFFSET, (int) c.ratelimitUs());
        }
        return poolAnswer(params.scheduler(), hc.sysctl(op));
    }

    private void poolOp(int cpupoolId, XenSchedulerId scheduler, int cmd) {
        sysctl(SysctlCmd.XEN_SYSCTL_scheduler_op);
        int u = SysctlDescriptor.U_OFFSET;
        LittleEndian.putI32(op, u + SysctlSchedulerOpDescriptor.CPUPOOL_ID_OFFSET, cpupoolId);
        LittleEndian.putI32(op, u + SysctlSchedulerOpDescriptor.SCHED_ID_OFFSET, scheduler.code);
        LittleEndian.putI32(op, u + SysctlSchedulerOpDescriptor.CMD_OFFSET, cmd);
    }

    private HypercallResult<SysctlSchedParams> poolAnswer(XenSchedulerId scheduler, long rc) {
        if (rc < 0) {
            return HypercallResult.failed(rc);
        }
        int u = SysctlDescriptor.U_OFFSET;
        SysctlSchedParams p = scheduler == XenSchedulerId.XEN_SCHEDULER_CREDIT
                ? new SysctlSchedParams.Credit(
                        LittleEndian.getU32(op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_TSLICE_MS_OFFSET),
                        LittleEndian.getU32(op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_RATELIMIT_US_OFFSET),
                        LittleEndian.getU32(
                                op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET))
                : new SysctlSchedParams.Credit2(
                        LittleEndian.getU32(op, u + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT2_RATELIMIT_US_OFFSET));
        return HypercallResult.of(rc, p);
    }

    private void sysctl(SysctlCmd cmd) {
        Arrays.fill(op, (byte) 0);
        LittleEndian.putI32(op, SysctlDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI32(
                op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
    }

    // -------------------------------------------------------------------------------------------------------------
    // domctl scheduler_op

    /**
     * {@code XEN_DOMCTL_scheduler_op}, {@code XEN_DOMCTL_SCHEDOP_getinfo}: domain {@code domid}'s parameters (for
     * RTDS, the scheduler's defaults), as {@code xl sched-credit -d} shows them.
     *
     * @param scheduler the domain's scheduler: credit, credit2 or RTDS
     * @throws IllegalArgumentException for another scheduler, which has no domain parameters
     */
    public HypercallResult<DomctlSchedParams> getDomainParams(int domid, XenSchedulerId scheduler) {
        checkHasParams(scheduler);
        schedulerOp(domid, scheduler, DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo);
        long rc = hc.domctl(op);
        return rc < 0
                ? HypercallResult.failed(rc)
                : HypercallResult.of(
                        rc, decode(scheduler, op, DomctlDescriptor.U_OFFSET + DomctlSchedulerOpDescriptor.U_OFFSET));
    }

    /**
     * {@code XEN_DOMCTL_scheduler_op}, {@code XEN_DOMCTL_SCHEDOP_putinfo}: sets domain {@code domid}'s parameters
     * (for RTDS, those of every vCPU) for the scheduler {@code params} is for.
     *
     * @return 0 or a negative errno
     */
    public long putDomainParams(int domid, DomctlSchedParams params) {
        schedulerOp(domid, params.scheduler(), DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putinfo);
        encode(params, op, DomctlDescriptor.U_OFFSET + DomctlSchedulerOpDescriptor.U_OFFSET);
        return hc.domctl(op);
    }

    /**
     * {@code XEN_DOMCTL_scheduler_op}, {@code XEN_DOMCTL_SCHEDOP_getvcpuinfo}: the parameters of the listed vCPUs
     * ({@code xl sched-rtds -d D -v all}). Only RTDS has them.
     *
     * @return the parameters in the order of {@code vcpuids}; on failure, the error (Xen stops at the first bad
     *     vCPU; {@link #lastProcessed()} says how far it got)
     */
    public HypercallResult<List<DomctlSchedParams>> getVcpuParams(int domid, XenSchedulerId scheduler, int[] vcpuids) {
        checkHasParams(scheduler);
        int n = vcpuids.length;
        byte[] array = new byte[n * PARAM];
        for (int i = 0; i < n; i++) {
            LittleEndian.putI32(array, i * PARAM + DomctlSchedParamVcpuDescriptor.VCPUID_OFFSET, vcpuids[i]);
        }
        long rc = vcpuCall(domid, scheduler, DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getvcpuinfo, array, n);
        if (rc < 0) {
            return HypercallResult.failed(rc);
        }
        List<DomctlSchedParams> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(decode(scheduler, array, i * PARAM + DomctlSchedParamVcpuDescriptor.U_OFFSET));
        }
        return HypercallResult.of(rc, List.copyOf(out));
    }

    /**
     * {@code XEN_DOMCTL_scheduler_op}, {@code XEN_DOMCTL_SCHEDOP_putvcpuinfo}: sets the parameters of the listed
     * vCPUs, {@code params.get(i)} for {@code vcpuids[i]} ({@code xl sched-rtds -d D -v N -p P -b B}). Only RTDS has
     * them.
     *
     * @return 0 or a negative errno; Xen stops at the first refused element ({@link #lastProcessed()})
     * @throws IllegalArgumentException if the lists differ in length, are empty, or name several schedulers
     */
    public long putVcpuParams(int domid, int[] vcpuids, List<DomctlSchedParams> params) {
        int n = vcpuids.length;
        if (n == 0 || params.size() != n) {
            throw new IllegalArgumentException("putvcpuinfo needs one parameter set per vCPU, and at least one: " + n
                    + " vCPUs, " + params.size() + " parameter sets");
        }
        XenSchedulerId scheduler = params.get(0).scheduler();
        byte[] array = new byte[n * PARAM];
        for (int i = 0; i < n; i++) {
            if (params.get(i).scheduler() != scheduler) {
                throw new IllegalArgumentException("one putvcpuinfo names one scheduler: element " + i + " is for "
                        + params.get(i).scheduler() + ", element 0 for " + scheduler);
            }
            encode(params.get(i), array, i * PARAM + DomctlSchedParamVcpuDescriptor.U_OFFSET);
            LittleEndian.putI32(array, i * PARAM + DomctlSchedParamVcpuDescriptor.VCPUID_OFFSET, vcpuids[i]);
        }
        return vcpuCall(domid, scheduler, DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putvcpuinfo, array, n);
    }

    /** {@code u.v.nr_vcpus} as Xen wrote it back in the last per-vCPU call: the array elements it processed. */
    public int lastProcessed() {
        return lastProcessed;
    }

    private long vcpuCall(int domid, XenSchedulerId scheduler, int cmd, byte[] array, int n) {
        long va = hc.buffer(array.length);
        hc.cpu().write(va, array, 0, array.length);
        schedulerOp(domid, scheduler, cmd);
        int u = DomctlDescriptor.U_OFFSET;
        LittleEndian.putI64(op, u + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET, va);
        LittleEndian.putI32(op, u + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, n);
        long rc = hc.domctl(op);
        lastProcessed = LittleEndian.getI32(op, u + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET);
        hc.cpu().read(va, array, 0, array.length);
        return rc;
    }

    private void schedulerOp(int domid, XenSchedulerId scheduler, int cmd) {
        domctl(DomctlCmd.XEN_DOMCTL_scheduler_op, domid);
        int u = DomctlDescriptor.U_OFFSET;
        LittleEndian.putI32(op, u + DomctlSchedulerOpDescriptor.SCHED_ID_OFFSET, scheduler.code);
        LittleEndian.putI32(op, u + DomctlSchedulerOpDescriptor.CMD_OFFSET, cmd);
    }

    private static void checkHasParams(XenSchedulerId scheduler) {
        if (scheduler != XenSchedulerId.XEN_SCHEDULER_CREDIT
                && scheduler != XenSchedulerId.XEN_SCHEDULER_CREDIT2
                && scheduler != XenSchedulerId.XEN_SCHEDULER_RTDS) {
            throw new IllegalArgumentException(scheduler + " has no domain parameters");
        }
    }

    /**
     * Writes {@code p} as the union at {@code off} of {@code buf}. The offsets of the union's members are the same in
     * {@code xen_domctl_scheduler_op} and {@code xen_domctl_schedparam_vcpu}, relative to the union.
     */
    private static void encode(DomctlSchedParams p, byte[] buf, int off) {
        if (p instanceof DomctlSchedParams.Credit c) {
            LittleEndian.putU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_WEIGHT_OFFSET, c.weight());
            LittleEndian.putU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_CAP_OFFSET, c.cap());
        } else if (p instanceof DomctlSchedParams.Credit2 c) {
            LittleEndian.putU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT2_WEIGHT_OFFSET, c.weight());
            LittleEndian.putU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT2_CAP_OFFSET, c.cap());
        } else {
            DomctlSchedParams.Rtds r = (DomctlSchedParams.Rtds) p;
            LittleEndian.putI32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET, (int) r.periodUs());
            LittleEndian.putI32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_BUDGET_OFFSET, (int) r.budgetUs());
            LittleEndian.putI32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_FLAGS_OFFSET, r.flags());
        }
    }

    /** Reads the union at {@code off} of {@code buf} as {@code scheduler}'s parameters. */
    private static DomctlSchedParams decode(XenSchedulerId scheduler, byte[] buf, int off) {
        return switch (scheduler) {
            case XEN_SCHEDULER_CREDIT ->
                new DomctlSchedParams.Credit(
                        LittleEndian.getU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_WEIGHT_OFFSET),
                        LittleEndian.getU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_CAP_OFFSET));
            case XEN_SCHEDULER_CREDIT2 ->
                new DomctlSchedParams.Credit2(
                        LittleEndian.getU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT2_WEIGHT_OFFSET),
                        LittleEndian.getU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT2_CAP_OFFSET));
            case XEN_SCHEDULER_RTDS ->
                new DomctlSchedParams.Rtds(
                        LittleEndian.getU32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET),
                        LittleEndian.getU32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_BUDGET_OFFSET),
                        LittleEndian.getI32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_FLAGS_OFFSET));
            default -> throw new IllegalArgumentException(scheduler + " has no domain parameters");
        };
    }

    // -------------------------------------------------------------------------------------------------------------
    // vCPU affinity and state

    /**
     * {@code XEN_DOMCTL_setvcpuaffinity}: sets vCPU {@code vcpu}'s hard and/or soft affinity ({@code xl vcpu-pin}),
     * as {@code flags} says ({@code XEN_VCPUAFFINITY_HARD}, {@code _SOFT}, {@code _FORCE}). Both bitmaps are always
     * passed, {@code nrBits} bits each, as libxc does; a map {@code flags} does not name may be {@code null}.
     *
     * @return on success, the <em>effective</em> affinity Xen wrote back (a map not named is {@code null})
     * @throws IllegalArgumentException if a map names a CPU at or beyond {@code nrBits}, or {@code nrBits < 0}
     */
    public HypercallResult<VcpuAffinity> setVcpuAffinity(
            int domid, int vcpu, int flags, BitSet hard, BitSet soft, int nrBits) {
        return affinityCall(DomctlCmd.XEN_DOMCTL_setvcpuaffinity, domid, vcpu, flags, hard, soft, nrBits);
    }

    /**
     * {@code XEN_DOMCTL_getvcpuaffinity}: vCPU {@code vcpu}'s affinity as last set (not intersected with the online
     * CPUs), the maps {@code flags} names, {@code nrBits} bits each ({@code xl vcpu-list}).
     */
    public HypercallResult<VcpuAffinity> getVcpuAffinity(int domid, int vcpu, int flags, int nrBits) {
        return affinityCall(DomctlCmd.XEN_DOMCTL_getvcpuaffinity, domid, vcpu, flags, null, null, nrBits);
    }

    private HypercallResult<VcpuAffinity> affinityCall(
            DomctlCmd cmd, int domid, int vcpu, int flags, BitSet hard, BitSet soft, int nrBits) {
        int bytes = XenctlBitmapDescriptor.bytesFor(nrBits);
        int stride = (bytes + 7) & ~7;
        byte[] maps = new byte[2 * stride];
        put(maps, 0, hard, nrBits, "hard");
        put(maps, stride, soft, nrBits, "soft");
        long va = hc.buffer(maps.length);
        hc.cpu().write(va, maps, 0, maps.length);
        domctl(cmd, domid);
        int u = DomctlDescriptor.U_OFFSET;
        LittleEndian.putI32(op, u + DomctlVcpuAffinityDescriptor.VCPU_OFFSET, vcpu);
        LittleEndian.putI32(op, u + DomctlVcpuAffinityDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putI64(op, u + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_BITMAP_OFFSET, va);
        LittleEndian.putI32(op, u + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_NR_BITS_OFFSET, nrBits);
        LittleEndian.putI64(op, u + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_BITMAP_OFFSET, va + stride);
        LittleEndian.putI32(op, u + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_NR_BITS_OFFSET, nrBits);
        long rc = hc.domctl(op);
        if (rc < 0) {
            return HypercallResult.failed(rc);
        }
        hc.cpu().read(va, maps, 0, maps.length);
        BitSet outHard = (flags & DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD) != 0
                ? BitSet.valueOf(Arrays.copyOfRange(maps, 0, bytes)).get(0, nrBits)
                : null;
        BitSet outSoft = (flags & DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT) != 0
                ? BitSet.valueOf(Arrays.copyOfRange(maps, stride, stride + bytes))
                        .get(0, nrBits)
                : null;
        return HypercallResult.of(rc, new VcpuAffinity(outHard, outSoft));
    }

    /** Writes {@code map} as a {@code xenctl_bitmap}'s bytes at {@code off}: bit n is bit n % 8 of byte n / 8. */
    private static void put(byte[] buf, int off, BitSet map, int nrBits, String which) {
        if (map == null) {
            return;
        }
        if (map.length() > nrBits) {
            throw new IllegalArgumentException(
                    "the " + which + " map names CPU " + (map.length() - 1) + ", beyond nr_bits " + nrBits);
        }
        byte[] bits = map.toByteArray();
        System.arraycopy(bits, 0, buf, off, bits.length);
    }

    /**
     * {@code XEN_DOMCTL_getvcpuinfo}: vCPU {@code vcpu}'s state ({@code xl vcpu-list}); {@code -ENOENT} for a vCPU
     * the domain does not have.
     */
    public HypercallResult<VcpuInfo> getVcpuInfo(int domid, int vcpu) {
        domctl(DomctlCmd.XEN_DOMCTL_getvcpuinfo, domid);
        int u = DomctlDescriptor.U_OFFSET;
        LittleEndian.putI32(op, u + DomctlGetVcpuInfoDescriptor.VCPU_OFFSET, vcpu);
        long rc = hc.domctl(op);
        if (rc < 0) {
            return HypercallResult.failed(rc);
        }
        return HypercallResult.of(
                rc,
                new VcpuInfo(
                        op[u + DomctlGetVcpuInfoDescriptor.ONLINE_OFFSET] != 0,
                        op[u + DomctlGetVcpuInfoDescriptor.BLOCKED_OFFSET] != 0,
                        op[u + DomctlGetVcpuInfoDescriptor.RUNNING_OFFSET] != 0,
                        LittleEndian.getI64(op, u + DomctlGetVcpuInfoDescriptor.CPU_TIME_OFFSET),
                        LittleEndian.getI32(op, u + DomctlGetVcpuInfoDescriptor.CPU_OFFSET)));
    }

    /** Zeroes {@link #op} and fills the {@code xen_domctl} header for {@code cmd} on {@code domid}. */
    private void domctl(DomctlCmd cmd, int domid) {
        Arrays.fill(op, (byte) 0);
        LittleEndian.putI32(op, DomctlDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI32(
                op, DomctlDescriptor.INTERFACE_VERSION_OFFSET, DomctlDescriptor.XEN_DOMCTL_INTERFACE_VERSION);
        LittleEndian.putU16(op, DomctlDescriptor.DOMAIN_OFFSET, domid);
    }
}
