/**
 * The {@code EVTCHNOP_*} sub-ops ({@code xen/common/event_channel.c}): the dispatcher for hypercalls {@code
 * event_channel_op} and {@code event_channel_op_compat} ({@link org.pvsim.evtchn.op.EventChannelOp}), and one class
 * per group of sub-ops: binding ({@code EvtchnBind}), closing, reset and destroy ({@link
 * org.pvsim.evtchn.op.EvtchnClose}), notification ({@code EvtchnNotify}), status ({@code EvtchnStatusQuery}) and the
 * FIFO ABI's sub-ops ({@code EvtchnAbiControl}). Each follows Xen's checks in Xen's order and answers Xen's errno.
 */
package org.pvsim.evtchn.op;
