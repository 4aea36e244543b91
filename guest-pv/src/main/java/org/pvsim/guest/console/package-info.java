/**
 * A domU kernel's PV console ({@code drivers/tty/hvc/hvc_xen.c}): printk output written into the console page's
 * {@code out} ring for xenconsoled ({@link org.pvsim.guest.console.ConsoleRing}).
 */
package org.pvsim.guest.console;
