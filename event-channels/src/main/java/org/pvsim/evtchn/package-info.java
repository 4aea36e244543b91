/**
 * Event channels ({@code EVTCHNOP_*}, {@code xen/common/event_channel.c}): per-domain port tables, the 2-level and
 * FIFO ABIs behind one SPI ({@link org.pvsim.evtchn.EvtchnPortOps}), VIRQs and IPIs, and upcall kicks over Disruptor
 * rings. The subsystem plugs into the hypervisor through {@code org.pvsim.hypervisor.spi} only.
 */
package org.pvsim.evtchn;
