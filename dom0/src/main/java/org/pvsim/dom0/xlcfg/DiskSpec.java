package org.pvsim.dom0.xlcfg;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One element of xl.cfg's {@code disk} list, parsed as {@code xl-disk-configuration(5)} specifies (libxlu's disk
 * lexer): comma-separated parameters, each given at most once; leading spaces ignored; a parameter without {@code =}
 * that is not a flag fills the next unset positional parameter, in the order target, format, vdev, access; {@code
 * target=} takes the whole rest of the string; an empty value means the default. The deprecated {@code FORMAT:target}
 * and {@code vdev:cdrom} prefixes are understood.
 *
 * @param target the image file or device; empty only for an empty cdrom drive
 * @param format {@code raw} (default), {@code qcow}, {@code qcow2}, {@code vhd} or {@code qed}
 * @param vdev the device as the guest sees it ({@code xvda}, {@code hdc}, {@code sdb1}; mandatory)
 * @param readonly access {@code r}/{@code ro}; {@code rw}/{@code w} is the default, except for a cdrom
 * @param cdrom {@code devtype=cdrom} or the flag {@code cdrom}
 * @param backend {@code backend=}: the backend domain's name, dom0 if unset
 * @param backendtype {@code backendtype=}: {@code phy}, {@code qdisk}, {@code standalone} or {@code tap}, if given
 * @param script {@code script=}, if given
 */
public record DiskSpec(
        String target,
        String format,
        String vdev,
        boolean readonly,
        boolean cdrom,
        Optional<String> backend,
        Optional<String> backendtype,
        Optional<String> script) {

    private static final Set<String> FORMATS = Set.of("raw", "qcow", "qcow2", "vhd", "qed");
    private static final Set<String> BACKENDTYPES = Set.of("phy", "qdisk", "standalone", "tap");
    private static final Set<String> FLAGS =
            Set.of("cdrom", "direct-io-safe", "discard", "no-discard", "trusted", "untrusted", "colo");
    /** {@code xen-vbd-interface(7)}: xvd, hd and sd names with an optional partition, or {@code dN[pM]}. */
    private static final Pattern VDEV = Pattern.compile("((xvd|hd|sd)[a-z]{1,3}|d[0-9]+(p[0-9]+)?)[0-9]*");

    public DiskSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(vdev, "vdev");
    }

    /**
     * Parses one disk specification.
     *
     * @throws IllegalArgumentException naming the parameter and the problem
     */
    public static DiskSpec parse(String text) {
        String[] positional = new String[4]; // target, format, vdev, access
        boolean[] given = new boolean[4];
        String devtype = null;
        String backend = null;
        String backendtype = null;
        String script = null;
        boolean cdromFlag = false;
        int next = 0;
        String rest = text;
        while (rest != null) {
            int comma = rest.indexOf(',');
            String token = (comma < 0 ? rest : rest.substring(0, comma)).stripLeading();
            String after = comma < 0 ? null : rest.substring(comma + 1);
            if (token.startsWith("target=")) {
                token = rest.stripLeading(); // target= takes the rest, commas included
                after = null;
            }
            rest = after;
            int eq = token.indexOf('=');
            if (eq > 0) {
                String key = token.substring(0, eq);
                String value = token.substring(eq + 1);
                int slot = switch (key) {
                    case "target" -> 0;
                    case "format" -> 1;
                    case "vdev" -> 2;
                    case "access" -> 3;
                    default -> -1;
                };
                if (slot >= 0) {
                    if (given[slot]) {
                        throw new IllegalArgumentException(key + " specified twice");
                    }
                    given[slot] = true;
                    positional[slot] = value;
                    continue;
                }
                switch (key) {
                    case "devtype" -> devtype = once(key, devtype, value);
                    case "backend" -> backend = once(key, backend, value);
                    case "backendtype" -> backendtype = once(key, backendtype, value);
                    case "script" -> script = once(key, script, value);
                    case "specification", "transport", "discard-enable", "vhostuser" -> {}
                    default -> throw new IllegalArgumentException("unknown parameter `" + key + "'");
                }
                continue;
            }
            if (FLAGS.contains(token)) {
                cdromFlag |= token.equals("cdrom");
                continue;
            }
            while (next < 4 && given[next]) {
                next++;
            }
            if (next == 4) {
                throw new IllegalArgumentException("too many positional parameters at `" + token + "'");
            }
            given[next] = true;
            positional[next] = token;
            if (next == 0 && legacyPrefix(token) != null) {
                given[1] = true; // the deprecated FORMAT:target form gives the format with the target
            }
            next++;
        }
        String target = positional[0] == null ? "" : positional[0];
        String format = positional[1] == null || positional[1].isEmpty() ? null : positional[1];
        String prefix = legacyPrefix(target);
        if (prefix != null) {
            if (FORMATS.contains(prefix)) {
                format = format == null ? prefix : format;
            } else if (prefix.equals("phy")) {
                backendtype = backendtype == null ? "phy" : backendtype;
            }
            target = target.substring(prefix.length() + 1);
        }
        String vdev = positional[2] == null ? "" : positional[2];
        if (vdev.endsWith(":cdrom")) {
            vdev = vdev.substring(0, vdev.length() - ":cdrom".length());
            cdromFlag = true;
        }
        if (devtype != null && !devtype.equals("cdrom")) {
            throw new IllegalArgumentException("devtype `" + devtype + "' is not supported (only cdrom)");
        }
        boolean cdrom = cdromFlag || "cdrom".equals(devtype);
        format = format == null ? "raw" : format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException(
                    "format `" + format + "' is not supported (raw, qcow, qcow2, vhd or qed)");
        }
        if (vdev.isEmpty()) {
            throw new IllegalArgumentException("no vdev specified (the guest's device name, such as xvda)");
        }
        if (!VDEV.matcher(vdev).matches()) {
            throw new IllegalArgumentException(
                    "vdev `" + vdev + "' is not a virtual device name (xvda, hdc, sdb1, d0p1)");
        }
        String access = positional[3] == null ? "" : positional[3];
        boolean readonly = switch (access) {
            case "" -> cdrom;
            case "r", "ro" -> true;
            case "w", "rw" -> false;
            default -> throw new IllegalArgumentException("access `" + access + "' is not one of r, ro, w, rw");
        };
        if (target.isEmpty() && !cdrom) {
            throw new IllegalArgumentException("no target specified (only an empty cdrom drive may have none)");
        }
        if (backendtype != null && !BACKENDTYPES.contains(backendtype)) {
            throw new IllegalArgumentException(
                    "backendtype `" + backendtype + "' is not one of phy, qdisk, standalone, tap");
        }
        return new DiskSpec(
                target,
                format,
                vdev,
                readonly,
                cdrom,
                Optional.ofNullable(backend),
                Optional.ofNullable(backendtype),
                Optional.ofNullable(script));
    }

    /** The {@code FORMAT:} or {@code phy:}/{@code file:}/{@code aio:} prefix of a deprecated target, or null. */
    private static String legacyPrefix(String target) {
        int colon = target.indexOf(':');
        if (colon <= 0 || target.startsWith("/")) {
            return null;
        }
        String prefix = target.substring(0, colon);
        return FORMATS.contains(prefix) || prefix.equals("phy") || prefix.equals("file") || prefix.equals("aio")
                ? prefix
                : null;
    }

    private static String once(String key, String previous, String value) {
        if (previous != null) {
            throw new IllegalArgumentException(key + " specified twice");
        }
        return value;
    }
}
