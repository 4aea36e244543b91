package org.pvsim.hypervisor.control;

import org.pvsim.hypervisor.abi.CreateDomainFlags;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlCreateDomainDescriptor;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxVcpusDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuContextDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.XenArchDomainconfigDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.LifecycleEvent;
import org.pvsim.hypervisor.lifecycle.DomainLifecycle;
import org.pvsim.hypervisor.lifecycle.VcpuContextLoader;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_domctl(u_domctl)} ({@code do_domctl}, {@code xen/common/domctl.c}): the control domain's
 * operations on domains, for the toolstack. The order of checks is Xen's: the structure ({@code -EFAULT}), its
 * {@code interface_version} ({@code -EACCES}), the target domain ({@code -ESRCH} for the control domain,
 * {@code -EPERM} for anyone else), then privilege ({@code -EPERM}).
 *
 * <ul>
 *   <li>{@code createdomain}: the id asked for, or any with {@code DOMID_ANY} ({@code -EEXIST} if taken); the
 *       configuration checked as {@code sanitise_domain_config} and {@code arch_sanitise_domain_config} do on an x86
 *       host with PV only and no IOMMU, vmtrace, vPMU, tboot, nested virtualisation or altp2m ({@code -EINVAL} for
 *       any of those, and for emulated devices other than the PIT). The new id is written back into {@code domain}.
 *   <li>{@code destroydomain}, {@code pausedomain}, {@code resumedomain}: not on oneself ({@code -EINVAL}).
 *   <li>{@code unpausedomain}, {@code getdomaininfo}, {@code max_mem} (in KiB), {@code max_vcpus} (must equal the
 *       count given at creation), {@code setvcpucontext} (not on oneself; a null context resets the vCPU).
 *   <li>{@code scheduler_op} (copied back whatever the result), {@code setvcpuaffinity}, {@code getvcpuaffinity} and
 *       {@code getvcpuinfo}: see {@link SchedulerDomctl}.
 * </ul>
 * Other commands answer {@code -ENOSYS}.
 */
public final class DomctlHypercall implements CoreHypercall {
    /** {@code MAX_VIRT_CPUS}: the most vCPUs of a PV domain. */
    public static final int MAX_VIRT_CPUS = 8192;

    private static final int ALLOWED_CDF_FLAGS = CreateDomainFlags.XEN_DOMCTL_CDF_hvm
            | CreateDomainFlags.XEN_DOMCTL_CDF_hap
            | CreateDomainFlags.XEN_DOMCTL_CDF_s3_integrity
            | CreateDomainFlags.XEN_DOMCTL_CDF_oos_off
            | CreateDomainFlags.XEN_DOMCTL_CDF_xs_domain
            | CreateDomainFlags.XEN_DOMCTL_CDF_iommu
            | CreateDomainFlags.XEN_DOMCTL_CDF_nested_virt
            | CreateDomainFlags.XEN_DOMCTL_CDF_vpmu
            | CreateDomainFlags.XEN_DOMCTL_CDF_trap_unmapped_accesses;

    private final DomainTable domains;
    private final DomainLifecycle lifecycle;
    private final VcpuContextLoader contexts;
    private final Journal journal;
    private final SchedulerDomctl scheduling;
    private final byte[] op = new byte[DomctlDescriptor.SIZE];
    private final byte[] context = new byte[VcpuGuestContextDescriptor.SIZE];

    public DomctlHypercall(
            DomainTable domains,
            DomainLifecycle lifecycle,
            VcpuContextLoader contexts,
            SchedulerCore sched,
            Journal journal) {
        this.domains = domains;
        this.lifecycle = lifecycle;
        this.contexts = contexts;
        this.journal = journal;
        this.scheduling = new SchedulerDomctl(sched, journal);
    }

    @Override
    public long invoke(HypercallFrame f, long uDomctl, long a2, long a3, long a4, long a5) {
        if (f.copyFromGuest(uDomctl, op, 0, op.length) != 0) {
            return Errno.EFAULT.neg();
        }
        long rawCmd = LittleEndian.getU32(op, DomctlDescriptor.CMD_OFFSET);
        if (!DomctlDescriptor.isValidInterfaceVersion(
                rawCmd, LittleEndian.getU32(op, DomctlDescriptor.INTERFACE_VERSION_OFFSET))) {
            // a stable domctl (get_domain_state) carries version 0, every other the current version
            return Errno.EACCES.neg();
        }
        DomctlCmd cmd = DomctlCmd.ofCode(rawCmd);
        int domid = LittleEndian.getU16(op, DomctlDescriptor.DOMAIN_OFFSET);
        Domain d = null;
        if (cmd != DomctlCmd.XEN_DOMCTL_createdomain) {
            d = domains.get(domid);
            if (d == null) {
                return f.isCallerPrivileged() ? Errno.ESRCH.neg() : Errno.EPERM.neg();
            }
        }
        int rc = DummyXsm.priv(f.domain());
        if (rc != 0) {
            return rc;
        }
        if (cmd == null) {
            return Errno.ENOSYS.neg();
        }
        boolean self = d == f.domain();
        long now = f.now();
        boolean copyback = false;
        long ret;
        switch (cmd) {
            case XEN_DOMCTL_createdomain:
                ret = createDomain(domid, now);
                copyback = ret == 0;
                break;
            case XEN_DOMCTL_destroydomain:
                ret = self ? Errno.EINVAL.neg() : lifecycle.kill(d, now);
                break;
            case XEN_DOMCTL_pausedomain:
                ret = self ? Errno.EINVAL.neg() : lifecycle.pauseByController(d, now);
                break;
            case XEN_DOMCTL_unpausedomain:
                ret = lifecycle.unpauseByController(d, now);
                break;
            case XEN_DOMCTL_resumedomain:
                if (self) {
                    ret = Errno.EINVAL.neg();
                } else {
                    lifecycle.resume(d, now);
                    ret = 0;
                }
                break;
            case XEN_DOMCTL_getdomaininfo:
                DomainInfo.write(d, now, op, DomctlDescriptor.U_GETDOMAININFO_OFFSET);
                ret = 0;
                copyback = true;
                break;
            case XEN_DOMCTL_max_mem:
                ret = maxMem(d, now);
                break;
            case XEN_DOMCTL_max_vcpus:
                long max = LittleEndian.getU32(
                        op, DomctlDescriptor.U_MAX_VCPUS_OFFSET + DomctlMaxVcpusDescriptor.MAX_OFFSET);
                ret = self || max != d.maxVcpus() ? Errno.EINVAL.neg() : 0;
                break;
            case XEN_DOMCTL_setvcpucontext:
                ret = self ? Errno.EINVAL.neg() : setVcpuContext(f, d, now);
                break;
            case XEN_DOMCTL_scheduler_op:
                ret = scheduling.schedulerOp(f, d, op, now);
                copyback = true;
                break;
            case XEN_DOMCTL_setvcpuaffinity:
            case XEN_DOMCTL_getvcpuaffinity:
                ret = scheduling.vcpuAffinity(f, d, cmd == DomctlCmd.XEN_DOMCTL_setvcpuaffinity, op, now);
                break;
            case XEN_DOMCTL_getvcpuinfo:
                ret = scheduling.getVcpuInfo(d, op, now);
                copyback = ret == 0;
                break;
            default:
                ret = Errno.ENOSYS.neg();
                break;
        }
        if (copyback && f.copyToGuest(uDomctl, op, 0, op.length) != 0) {
            ret = Errno.EFAULT.neg();
        }
        return ret;
    }

    private long createDomain(int requested, long now) {
        int c = DomctlDescriptor.U_CREATEDOMAIN_OFFSET;
        long flags = LittleEndian.getU32(op, c + DomctlCreateDomainDescriptor.FLAGS_OFFSET);
        long grantOpts = LittleEndian.getU32(op, c + DomctlCreateDomainDescriptor.GRANT_OPTS_OFFSET);
        long maxVcpus = LittleEndian.getU32(op, c + DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET);
        long iommuOpts = LittleEndian.getU32(op, c + DomctlCreateDomainDescriptor.IOMMU_OPTS_OFFSET);
        long vmtrace = LittleEndian.getU32(op, c + DomctlCreateDomainDescriptor.VMTRACE_SIZE_OFFSET);
        int domid = domains.allocateId(requested);
        if (domid < 0) {
            return Errno.EEXIST.neg();
        }
        boolean hvm = (flags & CreateDomainFlags.XEN_DOMCTL_CDF_hvm) != 0;
        // sanitise_domain_config (common/domain.c), on a host with no IOMMU, vmtrace or vPMU
        if ((flags & ~ALLOWED_CDF_FLAGS) != 0
                || (grantOpts & ~DomctlCreateDomainDescriptor.XEN_DOMCTL_GRANT_version_mask) != 0
                || maxVcpus < 1
                || ((flags & CreateDomainFlags.XEN_DOMCTL_CDF_hap) != 0 && !hvm)
                || (flags & CreateDomainFlags.XEN_DOMCTL_CDF_iommu) != 0
                || iommuOpts != 0
                || vmtrace != 0
                || (flags & CreateDomainFlags.XEN_DOMCTL_CDF_vpmu) != 0) {
            return Errno.EINVAL.neg();
        }
        // arch_sanitise_domain_config (x86/domain.c) for a PV-only host without tboot, nested virtualisation or
        // altp2m; then arch_domain_create's check of the emulation flags a PV domU may have
        int miscFlags = LittleEndian.getI32(op, c + DomctlCreateDomainDescriptor.ARCH_MISC_FLAGS_OFFSET);
        int emulationFlags = LittleEndian.getI32(op, c + DomctlCreateDomainDescriptor.ARCH_EMULATION_FLAGS_OFFSET);
        if (hvm
                || maxVcpus > MAX_VIRT_CPUS
                || (flags & CreateDomainFlags.XEN_DOMCTL_CDF_s3_integrity) != 0
                || (flags & CreateDomainFlags.XEN_DOMCTL_CDF_nested_virt) != 0
                || (flags & CreateDomainFlags.XEN_DOMCTL_CDF_trap_unmapped_accesses) != 0
                || !XenArchDomainconfigDescriptor.isValidMiscFlags(miscFlags)
                || LittleEndian.getU16(op, c + DomctlCreateDomainDescriptor.ALTP2M_OPTS_OFFSET) != 0
                || LittleEndian.getU16(op, c + DomctlCreateDomainDescriptor.ALTP2M_NR_OFFSET) != 0
                || !XenArchDomainconfigDescriptor.isValidPvEmulationFlags(emulationFlags)) {
            return Errno.EINVAL.neg();
        }
        byte[] handle = new byte[16];
        System.arraycopy(op, c + DomctlCreateDomainDescriptor.HANDLE_OFFSET, handle, 0, 16);
        Domain d = lifecycle.create(
                domid,
                false,
                false,
                (int) maxVcpus,
                handle,
                LittleEndian.getI32(op, c + DomctlCreateDomainDescriptor.MAX_EVTCHN_PORT_OFFSET),
                LittleEndian.getI32(op, c + DomctlCreateDomainDescriptor.MAX_GRANT_FRAMES_OFFSET),
                LittleEndian.getI32(op, c + DomctlCreateDomainDescriptor.MAX_MAPTRACK_FRAMES_OFFSET),
                DomctlCreateDomainDescriptor.grantVersion((int) grantOpts),
                now);
        if (d == null) {
            return lifecycle.lastCreateError();
        }
        LittleEndian.putU16(op, DomctlDescriptor.DOMAIN_OFFSET, domid);
        return 0;
    }

    private long maxMem(Domain d, long now) {
        long maxKib =
                LittleEndian.getI64(op, DomctlDescriptor.U_MAX_MEM_OFFSET + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET);
        long pages = maxKib >>> 2;
        d.setMaxPages(Math.min(pages, 0xFFFF_FFFFL));
        journal.lifecycle(now, LifecycleEvent.DOMAIN_MAX_MEM, d.domid(), d.maxPages());
        return 0;
    }

    private long setVcpuContext(HypercallFrame f, Domain d, long now) {
        int base = DomctlDescriptor.U_VCPUCONTEXT_OFFSET;
        long vcpu = LittleEndian.getU32(op, base + DomctlVcpuContextDescriptor.VCPU_OFFSET);
        long ctxt = LittleEndian.getI64(op, base + DomctlVcpuContextDescriptor.CTXT_OFFSET);
        Vcpu v = d.vcpu(vcpu);
        if (v == null) {
            return Errno.EINVAL.neg();
        }
        if (ctxt == 0) {
            return contexts.reset(v, now);
        }
        if (f.copyFromGuest(ctxt, context, 0, context.length) != 0) {
            return Errno.EFAULT.neg();
        }
        lifecycle.pause(d, now);
        int rc = contexts.load(v, context, now);
        lifecycle.unpause(d, now);
        return rc;
    }
}
