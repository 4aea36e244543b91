package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.xlcfg.DiskSpec;
import org.pvsim.dom0.xlcfg.VifSpec;

/**
 * The split-driver devices of a domain's configuration, {@code libxl_domain_config}'s {@code nics} and {@code disks}:
 * xl.cfg's {@code vif} and {@code disk} lists in order. Immutable.
 *
 * @param vifs the network interfaces; a vif's device id is its {@code devid=} or its index in the list
 * @param disks the virtual block devices; a disk's device id comes from its {@code vdev}
 */
public record DomainDevices(List<VifSpec> vifs, List<DiskSpec> disks) {
    /** No devices. */
    public static final DomainDevices NONE = new DomainDevices(List.of(), List.of());

    public DomainDevices {
        vifs = List.copyOf(Objects.requireNonNull(vifs, "vifs"));
        disks = List.copyOf(Objects.requireNonNull(disks, "disks"));
    }

    /** The device id of the {@code index}th vif: its {@code devid=}, or the index (xl's {@code parse_nic_config}). */
    public int vifDevid(int index) {
        return vifs.get(index).devid().orElse(index);
    }
}
