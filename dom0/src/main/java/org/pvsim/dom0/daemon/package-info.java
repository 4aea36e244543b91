/**
 * dom0's daemons: the host side of xenstored ({@link org.pvsim.dom0.daemon.Dom0Xenstored}), which maps each
 * introduced domain's xenstore page, binds its port and serves its ring in dom0's upcalls, and watches
 * {@code VIRQ_DOM_EXC} for domains that shut down or die. Guest code: hypercalls and foreign mappings only.
 */
package org.pvsim.dom0.daemon;
