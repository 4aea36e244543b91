/**
 * dom0's drivers for the machine's physical devices: the disk controller ({@link org.pvsim.dom0.hw.MachineDiskDriver},
 * which serves {@code /dev/...} disks to blkback) and the network card ({@link org.pvsim.dom0.hw.MachineNicDriver},
 * the bridge's uplink {@code peth0}). They program the devices by port I/O, give them dom0's own pages for DMA, and
 * take their interrupts as PIRQs bound to event channels, as Linux's drivers do in a PV dom0.
 */
package org.pvsim.dom0.hw;
