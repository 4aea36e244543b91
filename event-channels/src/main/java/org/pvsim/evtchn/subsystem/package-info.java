/**
 * The event-channel subsystem as the hypervisor sees it: {@link org.pvsim.evtchn.subsystem.EventChannels}, which the
 * composition root creates and the core installs, and the domain hook ({@code evtchn_init}, {@code evtchn_destroy}).
 * It sits above the other packages of the module and wires them together:
 *
 * <pre>
 *   subsystem ──► op ──► fifo ──► evtchn (port table, 2-level ABI, upcalls, VIRQs, poll, audit) ──► ring
 *        └────────┴───────┴──────────► hypervisor.spi, hypervisor.abi, evtchn.abi
 * </pre>
 *
 * No package below imports one above it, so the packages have no cycle.
 */
package org.pvsim.evtchn.subsystem;
