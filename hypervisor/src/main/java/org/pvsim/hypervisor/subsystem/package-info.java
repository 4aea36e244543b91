/**
 * The hypervisor's side of the subsystem SPI ({@code org.pvsim.hypervisor.spi}): what event channels and grant
 * tables see of the core, and the hooks through which the core calls them.
 */
package org.pvsim.hypervisor.subsystem;
