/**
 * The xenbus driver core of a guest kernel ({@code drivers/xen/xenbus/xenbus_client.c}, {@code xenbus_probe.c},
 * {@code xenbus_probe_frontend.c}): devices found under the domain's {@code device/} directory, each a {@link
 * org.pvsim.guest.xenbus.XenbusDevice} with the XenbusState machine both halves of a split driver follow, handed to
 * the {@link org.pvsim.guest.xenbus.XenbusDriver} registered for its type.
 *
 * <pre>
 *   frontend (this kernel)                       backend (dom0)
 *   device/vif/0/state   Initialising(1)        backend/vif/N/0/state  Initialising(1) → InitWait(2)
 *     probe: rings, grants, event channel  ──►
 *                        Initialised(3)   ──►   connects                → Connected(4)
 *                        Connected(4)     ◄──   otherend_changed
 *   teardown: Closing(5) → Closed(6) on either side
 * </pre>
 */
package org.pvsim.guest.xenbus;
