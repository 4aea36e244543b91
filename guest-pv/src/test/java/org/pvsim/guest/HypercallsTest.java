package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.guest.GuestHost.MS;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.hypercall.ArgumentArea;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.MulticallBatch;
import org.pvsim.guest.hypercall.RunstateInfo;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuUpdateCmd;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlPhysinfoDescriptor;
import org.pvsim.hypervisor.abi.XenVersionCmd;

/** The wrappers marshal Xen's structures into guest memory and read Xen's answers back from it. */
class HypercallsTest {
    @Test
    void batchedMmuCallsSplitAcrossHypercallsAndCountWhatWasDone() {
        long[] out = new long[8];
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            Hypercalls hc = kernel.hypercalls(cpu);
            int n = Hypercalls.MMU_UPDATE_BATCH + 45;
            long[] ptrs = new long[n];
            long[] vals = new long[n];
            long first = kernel.allocPfn();
            for (int i = 0; i < n; i++) {
                long pfn = first + i % 10;
                ptrs[i] = (kernel.mfn(pfn) << 12) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code;
                vals[i] = pfn;
            }
            out[0] = hc.mmuUpdate(ptrs, vals, n, DomId.DOMID_SELF);
            out[1] = hc.lastDone();
            // the third request names a frame d1 does not own: the batch stops there
            ptrs[2] = (5L << 12) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code;
            out[2] = hc.mmuUpdate(ptrs, vals, 4, DomId.DOMID_SELF);
            out[3] = hc.lastDone();
            MmuextCmd[] cmds = {
                MmuextCmd.MMUEXT_TLB_FLUSH_LOCAL,
                MmuextCmd.MMUEXT_INVLPG_LOCAL,
                MmuextCmd.MMUEXT_PIN_L1_TABLE,
                MmuextCmd.MMUEXT_TLB_FLUSH_ALL
            };
            long[] a1 = {0, kernel.va(first), kernel.mfn(first), 0};
            out[4] = hc.mmuext(cmds, a1, new long[4], 4, DomId.DOMID_SELF);
            out[5] = hc.lastDone();
            kernel.freePfn(first);
        });
        GuestHost host = GuestHost.boot(2, 8192, 1024, 1, "workload=idle", catalog);
        host.domU(1, 512, 1, "workload=script");
        host.auditEveryHypercall();
        host.runUntil(5 * MS);

        assertThat(out[0]).isZero();
        assertThat(out[1]).isEqualTo(Hypercalls.MMU_UPDATE_BATCH + 45);
        assertThat(out[2]).isEqualTo(Errno.EINVAL.neg());
        assertThat(out[3]).isEqualTo(2);
        // a writable page cannot be pinned as an L1
        assertThat(out[4]).isEqualTo(Errno.EINVAL.neg());
        assertThat(out[5]).isEqualTo(2);
        assertThat(host.count(1, Hypercall.mmu_update)).isEqualTo(2 + 1);
        host.assertAuditClean();
    }

    @Test
    void multicallResultsComeBackPerEntry() {
        long[] out = new long[6];
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            MulticallBatch mc = kernel.hypercalls(cpu).multicall();
            mc.add(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0, 0, 0, 0);
            mc.addUpdateVaMapping(0x1000, 0, 0);
            mc.addMmuext(MmuextCmd.MMUEXT_TLB_FLUSH_LOCAL, 0, 0, DomId.DOMID_SELF);
            mc.add(Hypercall.sched_op, 99, 0, 0, 0, 0);
            out[0] = mc.execute();
            for (int i = 0; i < 4; i++) {
                out[i + 1] = mc.result(i);
            }
            out[5] = mc.firstFailure();
        });
        GuestHost host = GuestHost.boot(2, 8192, 1024, 1, "workload=idle", catalog);
        host.domU(1, 512, 1, "workload=script");
        host.runUntil(5 * MS);

        assertThat(out[0]).isZero();
        assertThat(out[1]).isPositive();
        assertThat(out[2]).as("no L1 maps 0x1000").isEqualTo(Errno.EINVAL.neg());
        assertThat(out[3]).isZero();
        assertThat(out[4]).isEqualTo(Errno.ENOSYS.neg());
        assertThat(out[5]).isEqualTo(1);
        assertThat(host.count(1, Hypercall.multicall)).isEqualTo(1);
    }

    @Test
    void reservationRunstateAndControlCallsReadTheirAnswersFromGuestMemory() {
        long[] out = new long[10];
        RunstateInfo[] rs = new RunstateInfo[2];
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            Hypercalls hc = kernel.hypercalls(cpu);
            out[0] = hc.currentReservation(DomId.DOMID_SELF);
            out[1] = hc.maximumReservation(DomId.DOMID_SELF);
            out[2] = hc.maximumReservation(0);
            out[3] = hc.maximumRamPage();
            rs[0] = hc.runstateInfo(0);
            rs[1] = hc.runstateInfo(7);
            byte[] domctl = new byte[DomctlDescriptor.SIZE];
            LittleEndian.putI32(domctl, DomctlDescriptor.CMD_OFFSET, DomctlCmd.XEN_DOMCTL_getdomaininfo.code);
            LittleEndian.putI32(
                    domctl, DomctlDescriptor.INTERFACE_VERSION_OFFSET, DomctlDescriptor.XEN_DOMCTL_INTERFACE_VERSION);
            out[4] = hc.domctl(domctl);
            long before = kernel.freePages();
            long small = hc.buffer(100);
            long big = hc.buffer(5 * 4096);
            cpu.write64(big + 5 * 4096 - 8, 42);
            out[5] = small == kernel.hypercalls(cpu).area().bufferVa() ? 1 : 0;
            out[6] = big != small ? 1 : 0;
            out[7] = before - kernel.freePages();
            out[8] = hc.consoleWrite("x".repeat(ArgumentArea.CALL_BYTES + 10) + "\n");
            out[9] = hc.vcpuIsUp(0);
        });
        GuestHost host = GuestHost.boot(2, 8192, 1024, 1, "workload=idle", catalog);
        host.domU(1, 512, 2, "workload=script pvsim.vcpus=1");
        host.runUntil(5 * MS);

        assertThat(out[0]).isEqualTo(host.domain(1).totPages());
        assertThat(out[1]).isEqualTo(512);
        assertThat(out[2]).isEqualTo(Errno.EPERM.neg());
        assertThat(out[3]).isEqualTo(8192);
        assertThat(rs[0].ok()).isTrue();
        assertThat(rs[0].kind()).isEqualTo(RunstateKind.RUNSTATE_running);
        assertThat(rs[0].running()).isPositive();
        assertThat(rs[1].rc()).isEqualTo(Errno.ENOENT.neg());
        assertThat(out[4]).isEqualTo(Errno.EPERM.neg());
        assertThat(out[5]).as("small buffers use the argument area's").isEqualTo(1);
        assertThat(out[6]).isEqualTo(1);
        assertThat(out[7]).as("the buffer grew by five pages").isEqualTo(5);
        assertThat(out[8]).isZero();
        assertThat(out[9]).isEqualTo(1);
    }

    @Test
    void dom0ReadsPhysinfoWithSysctl() {
        long[] out = new long[2];
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            byte[] op = new byte[SysctlDescriptor.SIZE];
            LittleEndian.putI32(op, SysctlDescriptor.CMD_OFFSET, SysctlCmd.XEN_SYSCTL_physinfo.code);
            LittleEndian.putI32(
                    op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
            out[0] = kernel.hypercalls(cpu).sysctl(op);
            out[1] = LittleEndian.getI32(
                    op, SysctlDescriptor.U_PHYSINFO_OFFSET + SysctlPhysinfoDescriptor.NR_CPUS_OFFSET);
        });
        GuestHost host = GuestHost.boot(3, 8192, 1024, 1, "workload=script", catalog);
        host.runUntil(5 * MS);
        assertThat(out).containsExactly(0, 3);
    }
}
