/** blkfront: the guest kernel's block frontend (Linux's {@code xen-blkfront}) over a blkif ring. */
package org.pvsim.guest.blkfront;
