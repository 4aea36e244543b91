package org.pvsim.guest;

import java.util.Optional;
import org.pvsim.guest.api.StartInfo;
import org.pvsim.guest.evtchn.EventAbi;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.guest.evtchn.KernelPages;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.mm.PhysMap;
import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * How the kernel sets events up, as Linux on Xen does: on vCPU 0 at boot ({@code xen_start_kernel}, {@code
 * xen_init_IRQ}, {@code xen_setup_timer}), for each secondary vCPU before it runs ({@code xen_cpu_up_prepare}), and
 * on a secondary vCPU's first step ({@code cpu_bringup}). Events stay masked on a vCPU (as the domain builder left
 * them) until the kernel enables them at the end of these steps.
 */
final class EventBoot {
    private EventBoot() {}

    /**
     * On vCPU 0: registers the event callback at {@code callback} ({@code CALLBACKOP_register}, {@code
     * CALLBACKTYPE_event}); maps {@code shared_info} over one page of the kernel's mapping (Linux uses a fixmap slot;
     * the page's own frame stays the kernel's, unused); starts the event layer with the ABI the command line asks for
     * ({@code evtchn=2l}, the default, or {@code evtchn=fifo}), which binds {@code VIRQ_TIMER} on vCPU 0. A hypervisor
     * without event channels ({@code -ENOSYS}) leaves the kernel running without them, with a console note.
     *
     * @throws org.pvsim.guest.api.KernelPanic for a bad {@code evtchn=} or a refused step
     */
    static GuestEvents start(
            PvKernel kernel, GuestCpu cpu, StartInfo si, CommandLine commandLine, long callback, KernelPages pages) {
        EventAbi abi = EventAbi.TWO_LEVEL;
        Optional<String> word = commandLine.value(EventAbi.KEY);
        if (word.isPresent()) {
            abi = EventAbi.of(word.get())
                    .orElseThrow(() -> kernel.panic(
                            cpu,
                            "bad " + EventAbi.KEY + "=\"" + word.get() + "\": write " + EventAbi.KEY + "=2l or "
                                    + EventAbi.KEY + "=fifo"));
        }
        Hypercalls hc = kernel.hypercalls(cpu);
        long rc = hc.callbackRegister(CallbackType.CALLBACKTYPE_event, 0, callback);
        if (rc != 0) {
            throw kernel.panic(cpu, "cannot register the event callback: " + Errno.describe(rc));
        }
        long sharedInfoPfn = pages.alloc();
        if (sharedInfoPfn < 0) {
            throw kernel.panic(cpu, "no free page to map shared_info at");
        }
        rc = hc.updateVaMapping(
                PhysMap.va(sharedInfoPfn),
                X86Paging.entry(si.sharedInfo() >>> X86Paging.PAGE_SHIFT, StartOfDayLayout.L1_PROT),
                UvmFlags.UVMF_INVLPG);
        if (rc != 0) {
            throw kernel.panic(
                    cpu, String.format("cannot map shared_info (%#x): %s", si.sharedInfo(), Errno.describe(rc)));
        }
        GuestEvents events = new GuestEvents(pages);
        rc = events.bind(cpu, hc).start(PhysMap.va(sharedInfoPfn), abi);
        if (rc == Errno.ENOSYS.neg()) {
            kernel.printk(
                    cpu,
                    "events: the hypervisor has no event channels (event_channel_op: -ENOSYS); timers wake"
                            + " vCPUs without them");
            return events;
        }
        if (rc < 0) {
            throw kernel.panic(cpu, "cannot bind VIRQ_TIMER on vCPU 0: " + Errno.describe(rc));
        }
        kernel.printk(
                cpu,
                "events: " + (events.abi() == EventAbi.FIFO ? "FIFO" : "2-level") + " ABI"
                        + (events.fifoRefused() != 0
                                ? " (FIFO refused: EVTCHNOP_init_control: " + Errno.describe(events.fifoRefused()) + ")"
                                : "")
                        + ", shared_info at pfn " + sharedInfoPfn + ", callback at "
                        + String.format("%#x", callback));
        return events;
    }

    /**
     * On vCPU 0, for a secondary vCPU about to run: its FIFO control block and its {@code VIRQ_TIMER}. A vCPU past
     * the 32 {@code vcpu_info} slots of {@code shared_info} gets no events (pvsim has no {@code
     * VCPUOP_register_vcpu_info}).
     *
     * @throws org.pvsim.guest.api.KernelPanic if Xen refuses: the vCPU could never wake from a sleep
     */
    static void prepareVcpu(PvKernel kernel, GuestEvents events, GuestCpu cpu, PerCpu pc) {
        pc.eventsReady = true;
        if (pc.vcpuId >= SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS) {
            kernel.printk(cpu, "vCPU " + pc.vcpuId + " has no vcpu_info in shared_info: it gets no events");
            return;
        }
        long rc = events.bind(cpu, kernel.hypercalls(cpu)).startVcpu(pc.vcpuId);
        if (rc < 0) {
            throw kernel.panic(cpu, "cannot set up events for vCPU " + pc.vcpuId + ": " + Errno.describe(rc));
        }
    }

    /**
     * On a secondary vCPU's first step: registers its event callback if its initial context did not carry it, sets
     * its events up if vCPU 0 did not, and enables them.
     */
    static void bringUp(PvKernel kernel, GuestEvents events, GuestCpu cpu, PerCpu pc, long callback) {
        if (!pc.callbackRegistered) {
            long rc = kernel.hypercalls(cpu).callbackRegister(CallbackType.CALLBACKTYPE_event, 0, callback);
            if (rc != 0) {
                throw kernel.panic(
                        cpu, "vCPU " + pc.vcpuId + ": cannot register the event callback: " + Errno.describe(rc));
            }
            pc.callbackRegistered = true;
        }
        if (!pc.eventsReady) {
            prepareVcpu(kernel, events, cpu, pc);
        }
        events.bind(cpu, kernel.hypercalls(cpu)).enable();
    }
}
