/**
 * dom0's split-driver backends and what they share: the xenbus backend bus ({@link
 * org.pvsim.dom0.backend.XenbusBackendBus}) that finds backend devices in xenstore and follows their frontends, the
 * driver SPI ({@link org.pvsim.dom0.backend.BackendDriver}) that blkback and netback implement, and the stores block
 * backends serve disks from.
 */
package org.pvsim.dom0.backend;
