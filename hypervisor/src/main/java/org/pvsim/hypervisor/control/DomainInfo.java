package org.pvsim.hypervisor.control;

import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;

/**
 * Fills a {@code xen_domctl_getdomaininfo} as {@code getdomaininfo} does ({@code xen/common/domctl.c}): the flags
 * (blocked only if every online vCPU is blocked, running if any runs, dying, shutdown, paused by the controller, the
 * shutdown code in bits 16-23), page counts, CPU time, online vCPUs and the highest vCPU id.
 */
public final class DomainInfo {
    private DomainInfo() {}

    /** The {@code flags} word of {@code d}. */
    public static int flags(Domain d) {
        int flags = DomInfoFlags.XEN_DOMINF_blocked;
        int online = 0;
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            if (v.isUp()) {
                if (!v.hasPauseFlag(Vcpu.VPF_blocked)) {
                    flags &= ~DomInfoFlags.XEN_DOMINF_blocked;
                }
                if (v.isRunning()) {
                    flags |= DomInfoFlags.XEN_DOMINF_running;
                }
                online++;
            }
        }
        int code = d.shutdownCode() == ShutdownReason.SHUTDOWN_CODE_INVALID ? 0xFF : d.shutdownCode();
        return (online > 0 ? flags : 0)
                | (d.dying() == Domain.Dying.DOMDYING_dead ? DomInfoFlags.XEN_DOMINF_dying : 0)
                | (d.isShutDown() ? DomInfoFlags.XEN_DOMINF_shutdown : 0)
                | (d.controllerPauseCount() > 0 ? DomInfoFlags.XEN_DOMINF_paused : 0)
                | (code & DomInfoFlags.XEN_DOMINF_shutdownmask) << DomInfoFlags.XEN_DOMINF_shutdownshift;
    }

    /** Writes {@code d}'s information into {@code buf} at {@code off} (a zeroed {@code SIZE}-byte area). */
    public static void write(Domain d, long now, byte[] buf, int off) {
        java.util.Arrays.fill(buf, off, off + DomctlGetDomainInfoDescriptor.SIZE, (byte) 0);
        LittleEndian.putU16(buf, off + DomctlGetDomainInfoDescriptor.DOMAIN_OFFSET, d.domid());
        LittleEndian.putI32(buf, off + DomctlGetDomainInfoDescriptor.FLAGS_OFFSET, flags(d));
        LittleEndian.putI64(buf, off + DomctlGetDomainInfoDescriptor.TOT_PAGES_OFFSET, d.totPages());
        LittleEndian.putI64(buf, off + DomctlGetDomainInfoDescriptor.MAX_PAGES_OFFSET, d.maxPages());
        LittleEndian.putI64(buf, off + DomctlGetDomainInfoDescriptor.SHARED_INFO_FRAME_OFFSET, d.sharedInfoMfn());
        LittleEndian.putI64(buf, off + DomctlGetDomainInfoDescriptor.CPU_TIME_OFFSET, d.cpuTime(now));
        LittleEndian.putI32(buf, off + DomctlGetDomainInfoDescriptor.NR_ONLINE_VCPUS_OFFSET, d.onlineVcpus());
        LittleEndian.putI32(buf, off + DomctlGetDomainInfoDescriptor.MAX_VCPU_ID_OFFSET, d.maxVcpus() - 1);
        byte[] handle = d.handle();
        System.arraycopy(handle, 0, buf, off + DomctlGetDomainInfoDescriptor.HANDLE_OFFSET, handle.length);
    }
}
