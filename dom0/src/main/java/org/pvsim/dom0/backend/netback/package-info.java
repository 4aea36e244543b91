/** netback: dom0's network backend (Linux's {@code xen-netback}) in copy mode, plugging each vif into a bridge. */
package org.pvsim.dom0.backend.netback;
