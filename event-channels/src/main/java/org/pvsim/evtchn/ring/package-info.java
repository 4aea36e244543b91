/**
 * The kicks that make a running vCPU take its upcall ({@code vcpu_kick}'s event-check IPI), on one preallocated LMAX
 * Disruptor ring per pCPU ({@link org.pvsim.evtchn.ring.PcpuKickRings}):
 *
 * <pre>
 *  EVTCHNOP_send ─► set_pending (guest memory: pending bit, selector, upcall_pending) ─► vCPU running on pCPU p?
 *                                                                                          │ yes
 *                               tryNext() on ring[p] ◄───────────────────────────────────┘
 *                                │ ok: publish Kick{domid, vcpu}      │ full: drop, count
 *                                └──────────────┬─────────────────────┘
 *                                               ▼
 *                                  interruptPcpu(p): p reaches a scheduling point
 *                                               ▼
 *                          drain(p): EventPoller takes every kick; the engine then delivers the upcall
 *                          because evtchn_upcall_pending is set and evtchn_upcall_mask clear
 * </pre>
 */
package org.pvsim.evtchn.ring;
