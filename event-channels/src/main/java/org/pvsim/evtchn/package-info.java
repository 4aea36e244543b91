/**
 * Event channels ({@code EVTCHNOP_*}, {@code xen/common/event_channel.c}): the per-domain port tables ({@link
 * org.pvsim.evtchn.EvtchnDomain}, indexed by domid in {@link org.pvsim.evtchn.EvtchnDomainTable}), the SPI each event
 * ABI implements ({@link org.pvsim.evtchn.EvtchnPortOps}, Xen's {@code evtchn_port_ops}) with the 2-level ABI ({@link
 * org.pvsim.evtchn.TwoLevelPortOps}; FIFO is in {@code fifo}), the services the ABIs call ({@link
 * org.pvsim.evtchn.EvtchnUpcalls}: {@code vcpu_mark_events_pending} and the journal), VIRQs ({@link
 * org.pvsim.evtchn.EvtchnVirqs}), {@code SCHEDOP_poll}'s port check ({@link org.pvsim.evtchn.EvtchnPoll}) and the
 * I11/I12 audit ({@link org.pvsim.evtchn.EvtchnAudit}). The sub-ops are in {@code op}, the kick rings in {@code ring},
 * and the subsystem the hypervisor installs in {@code subsystem}. The module plugs into the hypervisor through {@code
 * org.pvsim.hypervisor.spi} only.
 *
 * <p>Delivery path of one notification:
 *
 * <pre>
 *  d2: EVTCHNOP_send(lport) ─► op.EvtchnNotify ─► d1.ops().setPending(notify vCPU, rport)
 *        2-level: test_and_set pending[rport] ─ already set? stop (no second upcall)
 *                 mask[rport] clear and !test_and_set pending_sel[rport/64] ─► EvtchnUpcalls.markEventsPending
 *                     test_and_set evtchn_upcall_pending ─ already set? stop
 *                     journal UPCALL_PENDING, unblock the vCPU, and if it runs on pCPU p:
 *                     kick ring[p] (ring.PcpuKickRings) + interrupt p
 *                 check pollers (SCHEDOP_poll)
 *  pCPU p at its scheduling point: drain ring[p]; the core delivers the upcall if upcall_pending and !upcall_mask,
 *  setting evtchn_upcall_mask as Xen's create_bounce_frame does
 * </pre>
 */
package org.pvsim.evtchn;
