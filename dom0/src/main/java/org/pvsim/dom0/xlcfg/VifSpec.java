package org.pvsim.dom0.xlcfg;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One element of xl.cfg's {@code vif} list, parsed as xl's {@code parse_nic_config} does ({@code tools/xl/xl_parse.c},
 * {@code xl-network-configuration(5)}): comma-separated {@code key=value} settings and the flags {@code trusted} /
 * {@code untrusted}, leading spaces ignored, a later setting replacing an earlier one. An empty string is a vif with
 * every default. The device id is the element's index in the list unless {@code devid=} says otherwise.
 *
 * <p>The MAC address, if given, is six hexadecimal bytes separated by colons; unset, the toolstack generates one in
 * Xen's OUI {@code 00:16:3e} when it adds the device (libxl draws it at random; pvsim derives it from the run's seed).
 *
 * @param mac {@code mac=}, normalised to lower-case {@code xx:xx:xx:xx:xx:xx}, if given
 * @param bridge {@code bridge=}, default {@value #DEFAULT_BRIDGE}
 * @param type {@code type=}: {@code vif} (the default) or {@code ioemu}
 */
public record VifSpec(
        Optional<String> mac,
        String bridge,
        Optional<String> ip,
        Optional<String> script,
        Optional<String> backend,
        Optional<String> vifname,
        Optional<String> model,
        Optional<String> gatewaydev,
        Optional<String> rate,
        Optional<String> vlan,
        OptionalInt mtu,
        OptionalInt devid,
        String type,
        Optional<Boolean> trusted) {

    /** The bridge a vif joins when {@code bridge=} is not given ({@code xl-network-configuration(5)}). */
    public static final String DEFAULT_BRIDGE = "xenbr0";

    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}");
    private static final Pattern RATE = Pattern.compile("[0-9]+([GMK]?[Bb])?/s(@[0-9]+(us|ms|s)?)?");

    public VifSpec {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Parses one vif specification.
     *
     * @throws IllegalArgumentException with xl's message ({@code Invalid parameter `mac'.}, {@code unrecognized
     *     argument `speed=10'}) for a setting xl refuses
     */
    public static VifSpec parse(String text) {
        Optional<String> mac = Optional.empty();
        String bridge = DEFAULT_BRIDGE;
        Optional<String> ip = Optional.empty();
        Optional<String> script = Optional.empty();
        Optional<String> backend = Optional.empty();
        Optional<String> vifname = Optional.empty();
        Optional<String> model = Optional.empty();
        Optional<String> gatewaydev = Optional.empty();
        Optional<String> rate = Optional.empty();
        Optional<String> vlan = Optional.empty();
        OptionalInt mtu = OptionalInt.empty();
        OptionalInt devid = OptionalInt.empty();
        String type = "vif";
        Optional<Boolean> trusted = Optional.empty();
        if (text.isEmpty()) {
            return new VifSpec(
                    mac,
                    bridge,
                    ip,
                    script,
                    backend,
                    vifname,
                    model,
                    gatewaydev,
                    rate,
                    vlan,
                    mtu,
                    devid,
                    type,
                    trusted);
        }
        for (String raw : text.split(",")) {
            String token = raw.stripLeading();
            if (token.equals("trusted") || token.equals("untrusted")) {
                trusted = Optional.of(token.equals("trusted"));
                continue;
            }
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("unrecognized argument `" + token + "'");
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            switch (key) {
                case "mac" -> {
                    if (!MAC.matcher(value).matches()) {
                        throw new IllegalArgumentException("Invalid parameter `mac'.");
                    }
                    mac = Optional.of(normaliseMac(value));
                }
                case "type" -> {
                    if (!value.equals("vif") && !value.equals("ioemu")) {
                        throw new IllegalArgumentException("Invalid parameter `type'.");
                    }
                    type = value;
                }
                case "bridge" -> bridge = value;
                case "ip" -> ip = Optional.of(value);
                case "script" -> script = Optional.of(value);
                case "backend" -> backend = Optional.of(value);
                case "vifname" -> vifname = Optional.of(value);
                case "model" -> model = Optional.of(value);
                case "gatewaydev", "netdev" -> gatewaydev = Optional.of(value);
                case "vlan" -> vlan = Optional.of(value);
                case "rate" -> {
                    if (!RATE.matcher(value).matches()) {
                        throw new IllegalArgumentException(
                                "invalid rate `" + value + "' (RATE/s[@INTERVAL], e.g. 10MB/s@50ms)");
                    }
                    rate = Optional.of(value);
                }
                case "mtu" -> mtu = OptionalInt.of(unsigned(key, value));
                case "devid" -> devid = OptionalInt.of(unsigned(key, value));
                default -> throw new IllegalArgumentException("unrecognized argument `" + token + "'");
            }
        }
        return new VifSpec(
                mac, bridge, ip, script, backend, vifname, model, gatewaydev, rate, vlan, mtu, devid, type, trusted);
    }

    private static String normaliseMac(String value) {
        StringBuilder sb = new StringBuilder();
        for (String part : value.split(":")) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(part.length() == 1 ? "0" : "").append(part.toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    private static int unsigned(String key, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("Invalid parameter `" + key + "': \"" + value + "\" is not a number");
    }
}
