/**
 * The toolstack's levers inside a domU kernel, Linux's {@code drivers/xen/manage.c}, {@code xen-balloon.c}/{@code
 * balloon.c} and {@code cpu_hotplug.c}: xenstore watches on {@code control/shutdown} (power off, reboot), {@code
 * memory/target} (the balloon) and {@code cpu} (vCPU hotplug), registered at boot when the kernel has xenstore
 * ({@link org.pvsim.guest.control.ControlWatches}).
 */
package org.pvsim.guest.control;
