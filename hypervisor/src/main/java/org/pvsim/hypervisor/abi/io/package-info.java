/**
 * The split-driver and control-plane protocols of Xen's {@code xen/include/public/io/}: the xenstore wire protocol
 * and ring page ({@code xs_wire.h}), the PV console ring ({@code console.h}) and the XenBus states ({@code xenbus.h}).
 * These are contracts between guests (a domU's kernel and dom0's daemons), not hypercalls: Xen never reads these
 * pages. Both ends use these classes, so the layout is written down once.
 */
package org.pvsim.hypervisor.abi.io;
