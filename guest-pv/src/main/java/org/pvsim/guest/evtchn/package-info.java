/**
 * The guest kernel's event channels, as Linux's {@code drivers/xen/events/} has them: {@link
 * org.pvsim.guest.evtchn.EventChannelOp} marshals each {@code EVTCHNOP_*} into guest memory; {@link
 * org.pvsim.guest.evtchn.GuestEvents} binds ports to {@link org.pvsim.guest.evtchn.EventHandler}s and runs the upcall;
 * the ABI-specific half ({@code struct evtchn_ops}) is {@link org.pvsim.guest.evtchn.Events2l} or {@link
 * org.pvsim.guest.evtchn.EventsFifo}.
 *
 * <pre>
 *   another domain / a VIRQ / an IPI
 *        |  EVTCHNOP_send, a timer ...
 *        v
 *   Xen: set_pending -> pending bit (2L: shared_info; FIFO: event word, queue, ready)
 *        -> evtchn_upcall_pending = 1 in vcpu_info, vCPU kicked (woken if blocked)
 *        |  at the vCPU's next step boundary, if evtchn_upcall_mask == 0:
 *        |  mask = 1, enter the kernel at its CALLBACKTYPE_event address
 *        v
 *   PvKernel.eventCallback(cpu, rip) -> GuestEvents.upcall()
 *        do { upcall_pending = 0; ops.handleEvents(cpu) } while (upcall_pending)
 *             |  each pending, unmasked port of this vCPU:
 *             v
 *        GuestEvents.dispatch: clear pending, handlers[port].handle(cpu, port)
 *        evtchn_upcall_mask = 0   (events on again)
 * </pre>
 *
 * <p>This package imports nothing from pvsim but {@code org.pvsim.guest.hypercall} and the {@code abi} packages of the
 * hypervisor and of event channels.
 */
package org.pvsim.guest.evtchn;
