package org.pvsim.hypervisor.abi.device;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine's devices as the journal's boot parameters carry them: one canonical string, {@code
 * disk:preset=nvme,sectors=2097152,latency=80000,access=0,bandwidth=2000000000,queue=64,serial=false;nic:rate=10000,frame=100,latency=2000}
 * (times in ns, bandwidth in bytes/s, rate in Mb/s). The empty string is the default machine: a 1 GiB NVMe disk and
 * a 10 Gb/s NIC. {@link #toString} and {@link #parse} are inverses.
 *
 * @param disk the disk
 * @param nic the network card
 */
public record MachineDevicesSpec(DiskSpec disk, NicSpec nic) {
    /** The default machine. */
    public static final MachineDevicesSpec DEFAULT =
            new MachineDevicesSpec(DiskSpec.nvme(DiskSpec.DEFAULT_SECTORS), NicSpec.DEFAULT);

    /**
     * Parses the canonical form; the empty string is {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static MachineDevicesSpec parse(String s) {
        if (s.isEmpty()) {
            return DEFAULT;
        }
        DiskSpec disk = DEFAULT.disk();
        NicSpec nic = DEFAULT.nic();
        for (String part : s.split(";")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("machine device '" + part + "' has no ':'");
            }
            Map<String, String> kv = fields(part.substring(colon + 1));
            switch (part.substring(0, colon)) {
                case "disk":
                    disk = new DiskSpec(
                            kv.getOrDefault("preset", "custom"),
                            number(kv, "sectors"),
                            number(kv, "latency"),
                            number(kv, "access"),
                            number(kv, "bandwidth"),
                            (int) number(kv, "queue"),
                            Boolean.parseBoolean(kv.get("serial")));
                    break;
                case "nic":
                    nic = new NicSpec(number(kv, "rate"), number(kv, "frame"), number(kv, "latency"));
                    break;
                default:
                    throw new IllegalArgumentException("unknown machine device '" + part.substring(0, colon) + "'");
            }
        }
        return new MachineDevicesSpec(disk, nic);
    }

    private static Map<String, String> fields(String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String f : s.split(",")) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("machine device field '" + f + "' has no '='");
            }
            kv.put(f.substring(0, eq), f.substring(eq + 1));
        }
        return kv;
    }

    private static long number(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("machine device field '" + key + "' is missing");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("machine device field " + key + "=" + v + " is not a number");
        }
    }

    @Override
    public String toString() {
        return "disk:preset=" + disk.preset() + ",sectors=" + disk.sectors() + ",latency=" + disk.latencyNs()
                + ",access=" + disk.accessNs() + ",bandwidth=" + disk.bytesPerSecond() + ",queue="
                + disk.queueDepth() + ",serial=" + disk.serial() + ";nic:rate=" + nic.rateMbps() + ",frame="
                + nic.perFrameNs() + ",latency=" + nic.wireLatencyNs();
    }
}
