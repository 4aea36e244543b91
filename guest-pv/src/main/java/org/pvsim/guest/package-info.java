/**
 * pvsim's paravirtualized guest kernel ({@link org.pvsim.guest.PvKernel}) and the catalog of workloads it can run
 * ({@link org.pvsim.guest.WorkloadCatalog}).
 *
 * <pre>
 *   org.pvsim.guest            PvKernel, EventBoot, WorkloadCatalog, CommandLine
 *     |-- org.pvsim.guest.workload    cpu, pagetable, memory, idle, interactive, pingpong, timer
 *     |-- org.pvsim.guest.mm          PageAllocator, PhysMap, ForeignWindow
 *     |-- org.pvsim.guest.api         Kernel, Workload, WorkloadSpec, ForeignMappings, StartInfo
 *     |-- org.pvsim.guest.evtchn      GuestEvents, EventChannelOp, Events2l, EventsFifo, EventHandler
 *     '-- org.pvsim.guest.hypercall   Hypercalls, SchedulerControl, MulticallBatch, ArgumentArea
 *   (arrows point down; nothing points up, and nothing leaves the module but to the abi packages)
 * </pre>
 *
 * <p>A guest is a guest: it reaches the hypervisor only through hypercalls and its own memory, as a 64-bit PV Linux
 * kernel does. See {@code docs/guest-kernel.md}.
 */
package org.pvsim.guest;
