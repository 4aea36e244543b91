/**
 * The guest-visible ABI of this subsystem (numbers, structure layouts, error codes): the counterpart of Xen's
 * {@code xen/include/public}. Guests and the toolstack may import this package and no other of this module.
 */
package org.pvsim.gnttab.abi;
