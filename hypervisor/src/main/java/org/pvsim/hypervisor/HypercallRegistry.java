package org.pvsim.hypervisor;

import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.callback.CallbackOpHypercall;
import org.pvsim.hypervisor.callback.SetCallbacksHypercall;
import org.pvsim.hypervisor.console.ConsoleIoHypercall;
import org.pvsim.hypervisor.control.DomctlHypercall;
import org.pvsim.hypervisor.control.SysctlHypercall;
import org.pvsim.hypervisor.hypercall.HypercallTable;
import org.pvsim.hypervisor.irq.PhysdevOpHypercall;
import org.pvsim.hypervisor.lifecycle.SchedOpHypercall;
import org.pvsim.hypervisor.lifecycle.VcpuContextLoader;
import org.pvsim.hypervisor.lifecycle.VcpuOpHypercall;
import org.pvsim.hypervisor.memory.MemoryOpHypercall;
import org.pvsim.hypervisor.mm.UpdateVaMappingHypercall;
import org.pvsim.hypervisor.timer.SetTimerOpHypercall;
import org.pvsim.hypervisor.version.XenVersionHypercall;

/**
 * The hypercall table of the core, in one screen: every hypercall number pvsim's hypervisor serves itself, and the
 * class that serves it. Subsystems (event channels, grant tables) add theirs through the SPI. A number not listed
 * answers {@code -ENOSYS}.
 */
final class HypercallRegistry {
    private HypercallRegistry() {}

    static void registerCore(Hypervisor hv) {
        HypercallTable t = hv.hypercallTable();
        VcpuContextLoader contexts = new VcpuContextLoader(hv.pageTypes(), hv.lifecycle());
        UpdateVaMappingHypercall uvm = hv.newUpdateVaMapping();
        int schedulerId = Schedulers.create(hv.params().scheduler()).schedulerId();

        t.register(Hypercall.mmu_update, hv.newMmuUpdate());
        t.register(Hypercall.set_callbacks, new SetCallbacksHypercall());
        t.register(Hypercall.callback_op, new CallbackOpHypercall());
        t.register(Hypercall.memory_op, new MemoryOpHypercall(hv.pageRefs(), hv.domains()));
        t.register(Hypercall.multicall, hv.newMulticall());
        t.register(Hypercall.update_va_mapping, uvm.updateVaMapping);
        t.register(Hypercall.set_timer_op, new SetTimerOpHypercall(hv.vcpuTimers()));
        t.register(Hypercall.xen_version, new XenVersionHypercall("pvsim"));
        t.register(
                Hypercall.console_io,
                new ConsoleIoHypercall(
                        hv.console(), () -> hv.lifecycle().sendGlobalVirq(Virq.VIRQ_CON_RING, hv.now())));
        t.register(Hypercall.update_va_mapping_otherdomain, uvm.updateVaMappingOtherdomain);
        t.register(Hypercall.vcpu_op, new VcpuOpHypercall(hv.lifecycle(), contexts, hv.vcpuTimers()));
        t.register(Hypercall.mmuext_op, hv.mmuext());
        t.register(Hypercall.physdev_op, new PhysdevOpHypercall(hv.irqLines(), hv.domains()));
        t.register(
                Hypercall.sched_op,
                new SchedOpHypercall(hv.lifecycle(), hv.sched(), hv.domains(), hv.vcpuBlocking(), hv.watchdogs()));
        t.register(
                Hypercall.sysctl,
                new SysctlHypercall(hv.machine(), hv.domains(), hv.console(), hv.sched(), schedulerId));
        t.register(
                Hypercall.domctl,
                new DomctlHypercall(hv.domains(), hv.lifecycle(), contexts, hv.sched(), hv.journal()));
    }
}
