/**
 * Guest-side plumbing of Xen's {@code public/io} protocols shared by guest kernels and dom0's daemons: the byte
 * rings of the xenstore and console pages ({@link org.pvsim.guest.io.SharedByteRing}).
 */
package org.pvsim.guest.io;
