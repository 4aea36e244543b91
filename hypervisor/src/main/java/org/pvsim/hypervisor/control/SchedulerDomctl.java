package org.pvsim.hypervisor.control;

import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetVcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedParamVcpuDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuAffinityDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.abi.XenSchedulerId;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerCore;

/**
 * The scheduling domctls, on the {@code xen_domctl} image {@link DomctlHypercall} has read; the caller's privilege and
 * the target domain are checked already.
 *
 * <ul>
 *   <li>{@code XEN_DOMCTL_scheduler_op} ({@code sched_adjust}, {@code common/sched/core.c}): {@code -EINVAL} unless
 *       {@code sched_id} is the running policy's and {@code cmd} one of the four; then the policy's {@link
 *       Scheduler#getDomainParams}/{@link Scheduler#putDomainParams}, or, for the per-vCPU commands, a walk over the
 *       guest's array of {@code xen_domctl_schedparam_vcpu} as {@code rt_dom_cntl} does it: element by element, stopping
 *       with {@code -EFAULT} at an element it cannot copy, {@code -EINVAL} at a {@code vcpuid} the domain does not
 *       have, or at the policy's error; only on success is {@code u.v.nr_vcpus} set to the elements processed. A
 *       policy without per-vCPU parameters (its {@code getVcpuParams} refuses vCPU 0) refuses both commands before the
 *       array is read, as {@code csched_dom_cntl} does. Success is traced as {@code TRC_SCHED_ADJDOM}. Xen does not
 *       pause the domain around any of these. The union is laid out as {@code u.rtds} for RTDS and as {@code
 *       u.credit} (the same layout as {@code u.credit2}) for every other policy.
 *   <li>{@code XEN_DOMCTL_setvcpuaffinity} and {@code getvcpuaffinity} ({@code vcpu_affinity_domctl}): see {@link
 *       DomctlVcpuAffinityDescriptor}; the bitmaps are read and written in guest memory with {@code
 *       xenctl_bitmap_to_bitmap} and {@code bitmap_to_xenctl_bitmap}'s rules ({@code common/bitmap.c}), the domctl
 *       structure itself is not copied back.
 *   <li>{@code XEN_DOMCTL_getvcpuinfo}: {@code online}, {@code blocked}, {@code running}, {@code cpu_time} (ns in
 *       {@code RUNSTATE_running}) and {@code cpu}; {@code -ENOENT} for a vCPU the domain does not have.
 * </ul>
 *
 * <p>Every pCPU of the host is online and in Pool-0, so {@code nr_cpu_ids} and the pool's online mask are both "all
 * of the host's pCPUs". Buffers are allocated once; a call allocates only what the scheduler core's affinity update
 * does.
 */
final class SchedulerDomctl {
    private static final int SO = DomctlDescriptor.U_SCHEDULER_OP_OFFSET;
    private static final int VA = DomctlDescriptor.U_VCPUAFFINITY_OFFSET;
    private static final int VI = DomctlDescriptor.U_GETVCPUINFO_OFFSET;
    private static final int ZERO_CHUNK = 4096;

    private final SchedulerCore sched;
    private final Journal journal;
    private final int nrCpuIds;
    private final CpuMask online;
    private final SchedParams params = new SchedParams();
    private final SchedParams probe = new SchedParams();
    private final byte[] element = new byte[DomctlSchedParamVcpuDescriptor.SIZE];
    private final byte[] bitmap;
    private final byte[] zeros = new byte[ZERO_CHUNK];
    private final CpuMask empty;
    private final CpuMask requested;
    private final CpuMask effective;

    SchedulerDomctl(SchedulerCore sched, Journal journal) {
        this.sched = sched;
        this.journal = journal;
        this.nrCpuIds = sched.nrPcpus();
        this.online = CpuMask.all(nrCpuIds);
        this.bitmap = new byte[(nrCpuIds + 7) / 8];
        this.empty = CpuMask.none(nrCpuIds);
        this.requested = CpuMask.none(nrCpuIds);
        this.effective = CpuMask.none(nrCpuIds);
    }

    // -------------------------------------------------------------------------------------------------------------
    // XEN_DOMCTL_scheduler_op

    /** {@code sched_adjust}; the caller copies {@code op} back whatever the result, as {@code do_domctl} does. */
    long schedulerOp(HypercallFrame f, Domain d, byte[] op, long now) {
        Scheduler policy = sched.policy();
        long schedId = LittleEndian.getU32(op, SO + DomctlSchedulerOpDescriptor.SCHED_ID_OFFSET);
        long cmd = LittleEndian.getU32(op, SO + DomctlSchedulerOpDescriptor.CMD_OFFSET);
        if (schedId != policy.schedulerId() || !DomctlSchedulerOpDescriptor.isValidCmd(cmd)) {
            return Errno.EINVAL.neg();
        }
        boolean rtds = policy.schedulerId() == XenSchedulerId.XEN_SCHEDULER_RTDS.code;
        int u = SO + DomctlSchedulerOpDescriptor.U_OFFSET;
        int rc;
        switch ((int) cmd) {
            case DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putinfo:
                decode(op, u, rtds, params);
                rc = policy.putDomainParams(d, params, now);
                break;
            case DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo:
                // starting from the caller's values, a policy that answers nothing (Xen's null has no adjust hook)
                // leaves the union as it was
                decode(op, u, rtds, params);
                rc = policy.getDomainParams(d, params);
                if (rc == 0) {
                    encodeDomain(op, u, rtds, params);
                }
                break;
            default:
                rc = vcpuParams(f, d, op, cmd == DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getvcpuinfo, rtds, now);
                break;
        }
        if (rc == 0) {
            journal.trace(now, TraceEvent.TRC_SCHED_ADJDOM, d.domid(), -1, 0, 0);
        }
        return rc;
    }

    /** {@code XEN_DOMCTL_SCHEDOP_getvcpuinfo} / {@code putvcpuinfo}: the walk of {@code rt_dom_cntl}. */
    private int vcpuParams(HypercallFrame f, Domain d, byte[] op, boolean get, boolean rtds, long now) {
        Scheduler policy = sched.policy();
        int refused = policy.getVcpuParams(d.vcpu(0), probe.clear());
        if (refused != 0) {
            return refused;
        }
        long array = LittleEndian.getI64(op, SO + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET);
        long nr = LittleEndian.getU32(op, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET);
        long index = 0;
        int rc = 0;
        while (index < nr) {
            long va = array + index * DomctlSchedParamVcpuDescriptor.SIZE;
            if (f.copyFromGuest(va, element, 0, element.length) != 0) {
                rc = Errno.EFAULT.neg();
                break;
            }
            long vcpuId = LittleEndian.getU32(element, DomctlSchedParamVcpuDescriptor.VCPUID_OFFSET);
            Vcpu v = d.vcpu(vcpuId);
            if (v == null) {
                rc = Errno.EINVAL.neg();
                break;
            }
            if (get) {
                decode(element, DomctlSchedParamVcpuDescriptor.U_OFFSET, rtds, params);
                rc = policy.getVcpuParams(v, params);
                if (rc != 0) {
                    break;
                }
                encodeVcpu(element, DomctlSchedParamVcpuDescriptor.U_OFFSET, rtds, params);
                if (f.copyToGuest(va, element, 0, element.length) != 0) {
                    rc = Errno.EFAULT.neg();
                    break;
                }
            } else {
                decode(element, DomctlSchedParamVcpuDescriptor.U_OFFSET, rtds, params);
                rc = policy.putVcpuParams(v, params, now);
                if (rc != 0) {
                    break;
                }
            }
            index++;
        }
        if (rc == 0) {
            LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, (int) index);
        }
        return rc;
    }

    /** Reads the per-scheduler union at {@code off} of {@code buf} into {@code out}. */
    private static void decode(byte[] buf, int off, boolean rtds, SchedParams out) {
        out.clear();
        if (rtds) {
            // u.rtds sits at the same offsets in xen_domctl_scheduler_op and xen_domctl_schedparam_vcpu
            out.periodUs = LittleEndian.getU32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET);
            out.budgetUs = LittleEndian.getU32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_BUDGET_OFFSET);
            out.extratime = (LittleEndian.getU32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_FLAGS_OFFSET)
                            & DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra)
                    != 0;
        } else {
            out.weight = LittleEndian.getU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_WEIGHT_OFFSET);
            out.cap = LittleEndian.getU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_CAP_OFFSET);
        }
    }

    /**
     * {@code getinfo}: credit and credit2 answer weight and cap; RTDS answers period and budget, flags untouched. The
     * values come from a holder first filled from the caller's union, so fields a policy does not answer keep the
     * caller's values.
     */
    private static void encodeDomain(byte[] buf, int off, boolean rtds, SchedParams in) {
        if (rtds) {
            LittleEndian.putI32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET, (int) in.periodUs);
            LittleEndian.putI32(buf, off + DomctlSchedParamVcpuDescriptor.U_RTDS_BUDGET_OFFSET, (int) in.budgetUs);
        } else {
            LittleEndian.putU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_WEIGHT_OFFSET, in.weight);
            LittleEndian.putU16(buf, off + DomctlSchedParamVcpuDescriptor.U_CREDIT_CAP_OFFSET, in.cap);
        }
    }

    /** {@code getvcpuinfo}: as {@link #encodeDomain}, and for RTDS the extratime bit set or cleared in flags. */
    private static void encodeVcpu(byte[] buf, int off, boolean rtds, SchedParams in) {
        encodeDomain(buf, off, rtds, in);
        if (rtds) {
            int at = off + DomctlSchedParamVcpuDescriptor.U_RTDS_FLAGS_OFFSET;
            int flags = LittleEndian.getI32(buf, at);
            flags = in.extratime
                    ? flags | DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra
                    : flags & ~DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra;
            LittleEndian.putI32(buf, at, flags);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // XEN_DOMCTL_setvcpuaffinity, XEN_DOMCTL_getvcpuaffinity

    /** {@code vcpu_affinity_domctl}. */
    long vcpuAffinity(HypercallFrame f, Domain d, boolean set, byte[] op, long now) {
        long vcpuId = LittleEndian.getU32(op, VA + DomctlVcpuAffinityDescriptor.VCPU_OFFSET);
        if (vcpuId >= d.maxVcpus()) {
            return Errno.EINVAL.neg();
        }
        Vcpu v = d.vcpu(vcpuId);
        if (v == null) {
            return Errno.ESRCH.neg();
        }
        int flags = LittleEndian.getI32(op, VA + DomctlVcpuAffinityDescriptor.FLAGS_OFFSET);
        long hardMap = LittleEndian.getI64(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_BITMAP_OFFSET);
        long hardBits = LittleEndian.getU32(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_NR_BITS_OFFSET);
        long softMap = LittleEndian.getI64(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_BITMAP_OFFSET);
        long softBits = LittleEndian.getU32(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_NR_BITS_OFFSET);
        if (!DomctlVcpuAffinityDescriptor.isValidRequest(flags & 0xFFFF_FFFFL, hardMap, softMap)) {
            return Errno.EINVAL.neg();
        }
        boolean hard = (flags & DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD) != 0;
        boolean soft = (flags & DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT) != 0;
        int hret = 0;
        int ret = 0;
        if (!set) {
            if (hard) {
                hret = writeBitmap(f, hardMap, hardBits, v.hardAffinity());
            }
            if (soft) {
                ret = writeBitmap(f, softMap, softBits, v.softAffinity());
            }
            return hret != 0 ? hret : ret;
        }
        CpuMask oldHard = CpuMask.copyOf(v.hardAffinity());
        if ((flags & DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_FORCE) != 0 && v.hardAffinitySaved() != null) {
            // vcpu_temporary_affinity(v, NR_CPUS, VCPU_AFFINITY_OVERRIDE): undo a stuck SCHEDOP_pin_override
            CpuMask saved = v.hardAffinitySaved();
            v.setHardAffinitySaved(null);
            sched.setAffinity(v, saved, null, now);
        }
        if (hard) {
            hret = readBitmap(f, hardMap, hardBits, requested);
            if (hret == 0) {
                hret = setAffinity(v, requested, true, now);
            }
            if (hret != 0) {
                return hret;
            }
            effective.copyFrom(v.hardAffinity());
            effective.and(online);
            hret = writeBitmap(f, hardMap, hardBits, effective);
        }
        if (soft) {
            ret = readBitmap(f, softMap, softBits, requested);
            if (ret == 0) {
                ret = setAffinity(v, requested, false, now);
            }
            if (ret != 0) {
                if (hard) {
                    setAffinity(v, oldHard, true, now);
                }
                return hret != 0 ? hret : ret;
            }
            effective.copyFrom(requested);
            effective.and(online);
            effective.and(v.hardAffinity());
            ret = writeBitmap(f, softMap, softBits, effective);
        }
        return hret != 0 ? hret : ret;
    }

    /**
     * {@code vcpu_set_hard_affinity} / {@code vcpu_set_affinity}: {@code -EINVAL} for a hard mask with no online pCPU,
     * {@code -EBUSY} while {@code SCHEDOP_pin_override} holds the vCPU.
     */
    private int setAffinity(Vcpu v, CpuMask mask, boolean hard, long now) {
        if (hard && !mask.intersects(online)) {
            return Errno.EINVAL.neg();
        }
        if (v.hardAffinitySaved() != null) {
            return Errno.EBUSY.neg();
        }
        return hard ? sched.setAffinity(v, mask, null, now) : sched.setAffinity(v, null, mask, now);
    }

    /**
     * {@code xenctl_bitmap_to_bitmap} with {@code nr_cpu_ids} bits: copies {@code min(guest bytes, Xen's bytes)},
     * clears the bits of the guest's last byte beyond {@code nr_bits}, and ignores bits at or above {@code
     * nr_cpu_ids}.
     */
    private int readBitmap(HypercallFrame f, long va, long nrBits, CpuMask out) {
        int guestBytes = guestBytes(nrBits);
        int copy = Math.min(guestBytes, bitmap.length);
        java.util.Arrays.fill(bitmap, (byte) 0);
        int err = 0;
        if (copy > 0) {
            if (f.copyFromGuest(va, bitmap, 0, copy) != 0) {
                err = Errno.EFAULT.neg();
            }
            if ((nrBits & 7) != 0 && guestBytes == copy) {
                bitmap[guestBytes - 1] &= (byte) ~(0xFF << (nrBits & 7));
            }
        }
        out.copyFrom(empty);
        if (err == 0) {
            for (int cpu = 0; cpu < nrCpuIds; cpu++) {
                if ((bitmap[cpu >>> 3] & (1 << (cpu & 7))) != 0) {
                    out.set(cpu);
                }
            }
        }
        return err;
    }

    /**
     * {@code bitmap_to_xenctl_bitmap} with {@code nr_cpu_ids} bits: all but the last of the bytes both sides have,
     * then Xen's last byte (bits beyond {@code nr_cpu_ids} cleared) at the last of those places, then zeros up to the
     * guest's {@code (nr_bits + 7) / 8} bytes. Xen puts its own last byte there even when the guest's bitmap is shorter
     * than Xen's, and so does pvsim.
     */
    private int writeBitmap(HypercallFrame f, long va, long nrBits, CpuMask mask) {
        java.util.Arrays.fill(bitmap, (byte) 0);
        for (int cpu = mask.next(0); cpu >= 0 && cpu < nrCpuIds; cpu = mask.next(cpu + 1)) {
            bitmap[cpu >>> 3] |= (byte) (1 << (cpu & 7));
        }
        int guestBytes = guestBytes(nrBits);
        int copy = Math.min(guestBytes, bitmap.length);
        int err = 0;
        if (copy > 1 && f.copyToGuest(va, bitmap, 0, copy - 1) != 0) {
            err = Errno.EFAULT.neg();
        }
        byte last = bitmap[(nrCpuIds - 1) / 8];
        if (nrCpuIds % 8 != 0) {
            last &= (byte) ((1 << (nrCpuIds % 8)) - 1);
        }
        if (copy > 0) {
            byte saved = bitmap[0];
            bitmap[0] = last;
            if (f.copyToGuest(va + copy - 1, bitmap, 0, 1) != 0) {
                err = Errno.EFAULT.neg();
            }
            bitmap[0] = saved;
        }
        for (long i = copy; err == 0 && i < guestBytes; i += ZERO_CHUNK) {
            int n = (int) Math.min(ZERO_CHUNK, guestBytes - i);
            if (f.copyToGuest(va + i, zeros, 0, n) != 0) {
                err = Errno.EFAULT.neg();
            }
        }
        return err;
    }

    /** {@code DIV_ROUND_UP(nr_bits, 8)} in Xen's 32-bit unsigned arithmetic (which wraps for the largest values). */
    private static int guestBytes(long nrBits) {
        return (int) (((nrBits + 7) & 0xFFFF_FFFFL) / 8);
    }

    // -------------------------------------------------------------------------------------------------------------
    // XEN_DOMCTL_getvcpuinfo

    /** {@code XEN_DOMCTL_getvcpuinfo}; on success the caller copies {@code op} back. */
    long getVcpuInfo(Domain d, byte[] op, long now) {
        Vcpu v = d.vcpu(LittleEndian.getU32(op, VI + DomctlGetVcpuInfoDescriptor.VCPU_OFFSET));
        if (v == null) {
            return Errno.ENOENT.neg();
        }
        LittleEndian.putU8(op, VI + DomctlGetVcpuInfoDescriptor.ONLINE_OFFSET, v.isUp() ? 1 : 0);
        LittleEndian.putU8(
                op, VI + DomctlGetVcpuInfoDescriptor.BLOCKED_OFFSET, v.hasPauseFlag(Vcpu.VPF_blocked) ? 1 : 0);
        LittleEndian.putU8(op, VI + DomctlGetVcpuInfoDescriptor.RUNNING_OFFSET, v.isRunning() ? 1 : 0);
        LittleEndian.putI64(op, VI + DomctlGetVcpuInfoDescriptor.CPU_TIME_OFFSET, v.cpuTime(now));
        LittleEndian.putI32(op, VI + DomctlGetVcpuInfoDescriptor.CPU_OFFSET, v.processor());
        return 0;
    }
}
