/** netfront: the guest kernel's network frontend (Linux's {@code xen-netfront}) over netif TX and RX rings. */
package org.pvsim.guest.netfront;
