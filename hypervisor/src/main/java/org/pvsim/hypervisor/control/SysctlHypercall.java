package org.pvsim.hypervisor.control;

import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlGetDomainInfoListDescriptor;
import org.pvsim.hypervisor.abi.SysctlPhysinfoDescriptor;
import org.pvsim.hypervisor.abi.SysctlReadConsoleDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;
import org.pvsim.hypervisor.console.XenConsole;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.Machine;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_sysctl(u_sysctl)} ({@code do_sysctl}, {@code xen/common/sysctl.c}): host-wide queries for the
 * control domain. {@code -EFAULT} for the structure, {@code -EACCES} for another {@code interface_version},
 * {@code -EPERM} without privilege; on success the structure is copied back.
 *
 * <ul>
 *   <li>{@code readconsole} ({@code xl dmesg}): the console ring, optionally incremental and clearing.
 *   <li>{@code physinfo} ({@code xl info}): pCPUs, memory in pages, capabilities (PV and both grant versions).
 *   <li>{@code getdomaininfolist} ({@code xl list}): a {@code getdomaininfo} for each domain from {@code
 *       first_domain}, up to {@code max_domains}.
 *   <li>{@code sched_id}: the scheduler's id.
 *   <li>{@code scheduler_op} ({@code sched_adjust_global}, {@code common/sched/core.c}): {@code -EINVAL} for a
 *       {@code cmd} other than {@code putinfo}/{@code getinfo}, then {@code -ESRCH} for a {@code cpupool_id} other
 *       than 0 (pvsim has only Pool-0), then {@code -EINVAL} unless {@code sched_id} is the running policy's; then the
 *       policy's {@link Scheduler#putGlobalParams} followed, on success, by {@link Scheduler#getGlobalParams} (a put
 *       answers the values now in force, as credit's and credit2's {@code sys_cntl} fall through to {@code
 *       getinfo}). The union is {@code u.sched_credit} for credit, {@code u.sched_credit2} for credit2; for other
 *       policies nothing is read or written there.
 * </ul>
 * Other commands answer {@code -ENOSYS}.
 */
public final class SysctlHypercall implements CoreHypercall {
    /** The TSC rate pvsim reports: its TSC ticks once per virtual nanosecond. */
    public static final int CPU_KHZ = 1_000_000;
    /** {@code MAX_NUMNODES} on x86. */
    public static final int MAX_NUMNODES = 64;

    private final Machine machine;
    private final DomainTable domains;
    private final XenConsole console;
    private final SchedulerCore sched;
    private final int schedulerId;
    private final SchedGlobalParams globals = new SchedGlobalParams();
    private final byte[] op = new byte[SysctlDescriptor.SIZE];
    private final byte[] info = new byte[DomctlGetDomainInfoDescriptor.SIZE];
    private final byte[] text = new byte[XenConsole.CONRING_SIZE];

    public SysctlHypercall(
            Machine machine, DomainTable domains, XenConsole console, SchedulerCore sched, int schedulerId) {
        this.machine = machine;
        this.domains = domains;
        this.console = console;
        this.sched = sched;
        this.schedulerId = schedulerId;
    }

    @Override
    public long invoke(HypercallFrame f, long uSysctl, long a2, long a3, long a4, long a5) {
        if (f.copyFromGuest(uSysctl, op, 0, op.length) != 0) {
            return Errno.EFAULT.neg();
        }
        if (LittleEndian.getU32(op, SysctlDescriptor.INTERFACE_VERSION_OFFSET)
                != SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION) {
            return Errno.EACCES.neg();
        }
        int rc = DummyXsm.priv(f.domain());
        if (rc != 0) {
            return rc;
        }
        SysctlCmd cmd = SysctlCmd.ofCode(LittleEndian.getU32(op, SysctlDescriptor.CMD_OFFSET));
        if (cmd == null) {
            return Errno.ENOSYS.neg();
        }
        long ret;
        switch (cmd) {
            case XEN_SYSCTL_readconsole:
                ret = readConsole(f);
                break;
            case XEN_SYSCTL_physinfo:
                physinfo();
                ret = 0;
                break;
            case XEN_SYSCTL_getdomaininfolist:
                ret = domainInfoList(f);
                break;
            case XEN_SYSCTL_sched_id:
                LittleEndian.putI32(op, SysctlDescriptor.U_OFFSET, schedulerId);
                ret = 0;
                break;
            case XEN_SYSCTL_scheduler_op:
                ret = schedulerOp(f.now());
                break;
            default:
                return Errno.ENOSYS.neg();
        }
        if (ret == 0 && f.copyToGuest(uSysctl, op, 0, op.length) != 0) {
            ret = Errno.EFAULT.neg();
        }
        return ret;
    }

    /** {@code sched_adjust_global} and the policy's {@code adjust_global}. */
    private long schedulerOp(long now) {
        int b = SysctlDescriptor.U_SCHEDULER_OP_OFFSET;
        long cmd = LittleEndian.getU32(op, b + SysctlSchedulerOpDescriptor.CMD_OFFSET);
        if (!SysctlSchedulerOpDescriptor.isValidCmd(cmd)) {
            return Errno.EINVAL.neg();
        }
        if (LittleEndian.getU32(op, b + SysctlSchedulerOpDescriptor.CPUPOOL_ID_OFFSET) != 0) {
            return Errno.ESRCH.neg();
        }
        Scheduler policy = sched.policy();
        int id = policy.schedulerId();
        if (LittleEndian.getU32(op, b + SysctlSchedulerOpDescriptor.SCHED_ID_OFFSET) != id) {
            return Errno.EINVAL.neg();
        }
        if (cmd == SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_putinfo) {
            globals.clear();
            if (id == XenSchedulerId.XEN_SCHEDULER_CREDIT.code) {
                globals.tsliceMs =
                        LittleEndian.getI32(op, b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_TSLICE_MS_OFFSET);
                globals.ratelimitUs =
                        LittleEndian.getI32(op, b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_RATELIMIT_US_OFFSET);
                globals.vcpuMigrDelayUs = LittleEndian.getI32(
                        op, b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET);
            } else if (id == XenSchedulerId.XEN_SCHEDULER_CREDIT2.code) {
                globals.ratelimitUs =
                        LittleEndian.getI32(op, b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT2_RATELIMIT_US_OFFSET);
            }
            int rc = policy.putGlobalParams(globals, now);
            if (rc != 0) {
                return rc;
            }
        }
        int rc = policy.getGlobalParams(globals.clear());
        if (rc != 0) {
            return rc;
        }
        if (id == XenSchedulerId.XEN_SCHEDULER_CREDIT.code) {
            LittleEndian.putI32(op, b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_TSLICE_MS_OFFSET, globals.tsliceMs);
            LittleEndian.putI32(
                    op, b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_RATELIMIT_US_OFFSET, globals.ratelimitUs);
            LittleEndian.putI32(
                    op,
                    b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET,
                    globals.vcpuMigrDelayUs);
        } else if (id == XenSchedulerId.XEN_SCHEDULER_CREDIT2.code) {
            LittleEndian.putI32(
                    op, b + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT2_RATELIMIT_US_OFFSET, globals.ratelimitUs);
        }
        return 0;
    }

    private long readConsole(HypercallFrame f) {
        int b = SysctlDescriptor.U_READCONSOLE_OFFSET;
        boolean clear = LittleEndian.getU8(op, b + SysctlReadConsoleDescriptor.CLEAR_OFFSET) != 0;
        boolean incremental = LittleEndian.getU8(op, b + SysctlReadConsoleDescriptor.INCREMENTAL_OFFSET) != 0;
        long index = LittleEndian.getU32(op, b + SysctlReadConsoleDescriptor.INDEX_OFFSET);
        long buffer = LittleEndian.getI64(op, b + SysctlReadConsoleDescriptor.BUFFER_OFFSET);
        long count = LittleEndian.getU32(op, b + SysctlReadConsoleDescriptor.COUNT_OFFSET);
        int n = console.read(text, (int) Math.min(count, text.length), incremental, index, clear);
        if (n > 0 && f.copyToGuest(buffer, text, 0, n) != 0) {
            return Errno.EFAULT.neg();
        }
        LittleEndian.putI32(op, b + SysctlReadConsoleDescriptor.COUNT_OFFSET, n);
        LittleEndian.putI32(op, b + SysctlReadConsoleDescriptor.INDEX_OFFSET, (int) console.lastIndex());
        return 0;
    }

    private void physinfo() {
        int b = SysctlDescriptor.U_PHYSINFO_OFFSET;
        java.util.Arrays.fill(op, b, b + SysctlPhysinfoDescriptor.SIZE, (byte) 0);
        int n = machine.nrPcpus();
        LittleEndian.putI32(op, b + SysctlPhysinfoDescriptor.THREADS_PER_CORE_OFFSET, 1);
        LittleEndian.putI32(op, b + SysctlPhysinfoDescriptor.CORES_PER_SOCKET_OFFSET, n);
        LittleEndian.putI32(op, b + SysctlPhysinfoDescriptor.NR_CPUS_OFFSET, n);
        LittleEndian.putI32(op, b + SysctlPhysinfoDescriptor.MAX_CPU_ID_OFFSET, n - 1);
        LittleEndian.putI32(op, b + SysctlPhysinfoDescriptor.NR_NODES_OFFSET, 1);
        LittleEndian.putI32(op, b + SysctlPhysinfoDescriptor.MAX_NODE_ID_OFFSET, MAX_NUMNODES - 1);
        LittleEndian.putI32(op, b + SysctlPhysinfoDescriptor.CPU_KHZ_OFFSET, CPU_KHZ);
        LittleEndian.putI32(
                op,
                b + SysctlPhysinfoDescriptor.CAPABILITIES_OFFSET,
                SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_pv
                        | SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_gnttab_v1
                        | SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_gnttab_v2);
        LittleEndian.putI64(op, b + SysctlPhysinfoDescriptor.TOTAL_PAGES_OFFSET, machine.nrFrames());
        LittleEndian.putI64(
                op,
                b + SysctlPhysinfoDescriptor.FREE_PAGES_OFFSET,
                machine.allocator().freeCount());
        LittleEndian.putI64(op, b + SysctlPhysinfoDescriptor.MAX_MFN_OFFSET, machine.nrFrames() - 1);
    }

    private long domainInfoList(HypercallFrame f) {
        int b = SysctlDescriptor.U_GETDOMAININFOLIST_OFFSET;
        int first = LittleEndian.getU16(op, b + SysctlGetDomainInfoListDescriptor.FIRST_DOMAIN_OFFSET);
        long max = LittleEndian.getU32(op, b + SysctlGetDomainInfoListDescriptor.MAX_DOMAINS_OFFSET);
        long buffer = LittleEndian.getI64(op, b + SysctlGetDomainInfoListDescriptor.BUFFER_OFFSET);
        int num = 0;
        for (Domain d = domains.firstFrom(first); d != null && num < max; d = domains.firstFrom(d.domid() + 1)) {
            DomainInfo.write(d, f.now(), info, 0);
            if (f.copyToGuest(buffer + (long) num * info.length, info, 0, info.length) != 0) {
                return Errno.EFAULT.neg();
            }
            num++;
        }
        LittleEndian.putI32(op, b + SysctlGetDomainInfoListDescriptor.NUM_DOMAINS_OFFSET, num);
        return 0;
    }
}
