package org.pvsim.hypervisor.device;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.irq.IrqLines;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.time.EventEngine;
import org.pvsim.hypervisor.time.HypervisorTimers;

/**
 * The machine's devices on their own, for tests: machine memory, an event engine, the interrupt lines with dom0 as
 * the guest of both devices' lines, and a log of the interrupts delivered (time and PIRQ).
 */
final class DeviceBench {
    final MachineMemory memory = new MachineMemory(1024);
    final EventEngine engine = new EventEngine();
    final IrqLines lines = new IrqLines();
    final MachineDevices devices;
    final List<long[]> interrupts = new ArrayList<>();

    DeviceBench(MachineDevicesSpec spec) {
        devices = new MachineDevices(spec, memory, lines, new HypervisorTimers(engine, Journal.OFF));
        lines.setSink((domid, pirq, now) -> interrupts.add(new long[] {now, pirq}));
        for (int gsi : new int[] {10, 11}) {
            lines.mapGsi(0, gsi, gsi);
            lines.guestBind(0, gsi, false);
        }
    }

    /** Lets virtual time pass until {@code until}, firing the devices' timers. */
    void runUntil(long until) {
        engine.runUntil(until, () -> false);
    }

    void out(int port, int value) {
        devices.out(port, 4, value, engine.now());
    }

    int in(int port) {
        return devices.in(port, 4, engine.now());
    }

    /** The machine address of byte {@code offset} of frame {@code mfn}. */
    static long maddr(long mfn, int offset) {
        return (mfn << 12) + offset;
    }
}
