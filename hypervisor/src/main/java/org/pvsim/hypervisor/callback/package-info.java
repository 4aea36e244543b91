/**
 * The PV guest entry points a kernel registers ({@code xen/arch/x86/pv/callback.c}): {@code callback_op} and {@code
 * set_callbacks}. The event callback is where the hypervisor delivers event upcalls.
 */
package org.pvsim.hypervisor.callback;
