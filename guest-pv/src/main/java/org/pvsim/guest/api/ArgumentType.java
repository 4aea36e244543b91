package org.pvsim.guest.api;

import java.util.List;
import java.util.Optional;
import org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor;

/**
 * The kind of value a workload argument takes, with the check and the parser for it. Values come from the kernel
 * command line ({@code burst=2ms}) or a scenario file, as text.
 */
public sealed interface ArgumentType {
    /** Why {@code value} is not acceptable, or empty if it is. The message does not name the argument. */
    Optional<String> problem(String value);

    /** What a value looks like, for help text: {@code "a duration from 1us to 1s"}. */
    String describe();

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * A span of virtual time: a whole number and a unit, {@code ns}, {@code us}, {@code ms} or {@code s} ({@code
     * 2ms}, {@code 500us}); {@code 0} needs no unit.
     *
     * @param minNs the least value accepted, in ns
     * @param maxNs the largest value accepted, in ns
     */
    record Duration(long minNs, long maxNs) implements ArgumentType {
        @Override
        public Optional<String> problem(String value) {
            long ns = parseOrNegative(value);
            if (ns < 0) {
                return Optional.of("\"" + value + "\" is not a duration: write a whole number followed by ns, us, ms"
                        + " or s (for example 2ms)");
            }
            if (ns < minNs || ns > maxNs) {
                return Optional.of(
                        value + " is out of range: it must be from " + format(minNs) + " to " + format(maxNs));
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "a duration from " + format(minNs) + " to " + format(maxNs);
        }

        /**
         * The value in nanoseconds.
         *
         * @throws IllegalArgumentException if it is not a duration
         */
        public static long parse(String value) {
            long ns = parseOrNegative(value);
            if (ns < 0) {
                throw new IllegalArgumentException("\"" + value + "\" is not a duration");
            }
            return ns;
        }

        private static long parseOrNegative(String value) {
            if (value == null) {
                return -1;
            }
            String v = value.trim();
            int digits = 0;
            while (digits < v.length() && isAsciiDigit(v.charAt(digits))) {
                digits++;
            }
            if (digits == 0 || digits > 18) {
                return -1;
            }
            long n = Long.parseLong(v.substring(0, digits));
            long unit;
            switch (v.substring(digits)) {
                case "ns":
                    unit = 1;
                    break;
                case "us":
                    unit = 1_000;
                    break;
                case "ms":
                    unit = 1_000_000;
                    break;
                case "s":
                    unit = 1_000_000_000;
                    break;
                case "":
                    return n == 0 ? 0 : -1;
                default:
                    return -1;
            }
            return n > Long.MAX_VALUE / unit ? -1 : n * unit;
        }

        /** {@code ns} in the largest unit that divides it: {@code 2000000} is {@code "2ms"}. */
        public static String format(long ns) {
            if (ns != 0 && ns % 1_000_000_000 == 0) {
                return ns / 1_000_000_000 + "s";
            }
            if (ns != 0 && ns % 1_000_000 == 0) {
                return ns / 1_000_000 + "ms";
            }
            if (ns != 0 && ns % 1_000 == 0) {
                return ns / 1_000 + "us";
            }
            return ns + "ns";
        }
    }

    /**
     * A whole number in decimal.
     *
     * @param min the least value accepted
     * @param max the largest value accepted
     */
    record Count(long min, long max) implements ArgumentType {
        @Override
        public Optional<String> problem(String value) {
            long n = parseOrNegative(value);
            if (n < 0) {
                return Optional.of("\"" + value + "\" is not a whole number");
            }
            if (n < min || n > max) {
                return Optional.of(value + " is out of range: it must be from " + min + " to " + max);
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "a whole number from " + min + " to " + max;
        }

        /**
         * The value.
         *
         * @throws IllegalArgumentException if it is not a whole number
         */
        public static long parse(String value) {
            long n = parseOrNegative(value);
            if (n < 0) {
                throw new IllegalArgumentException("\"" + value + "\" is not a whole number");
            }
            return n;
        }

        private static long parseOrNegative(String value) {
            if (value == null) {
                return -1;
            }
            String v = value.trim();
            if (v.isEmpty() || v.length() > 18) {
                return -1;
            }
            for (int i = 0; i < v.length(); i++) {
                if (!isAsciiDigit(v.charAt(i))) {
                    return -1;
                }
            }
            return Long.parseLong(v);
        }
    }

    /**
     * One word from a fixed list, such as a role: {@code ping} or {@code pong}.
     *
     * @param values the words accepted, in the order help lists them; at least one, each a command-line value
     *     (lower-case letters, digits, {@code -} and {@code _})
     */
    record Choice(List<String> values) implements ArgumentType {
        public Choice {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a choice needs at least one value");
            }
            for (String v : values) {
                if (!v.matches("[a-z0-9_-]+")) {
                    throw new IllegalArgumentException(
                            "a choice's values are lower-case letters, digits, - and _; not \"" + v + "\"");
                }
            }
        }

        @Override
        public Optional<String> problem(String value) {
            return values.contains(value)
                    ? Optional.empty()
                    : Optional.of("\"" + value + "\" is not one of " + String.join(", ", values));
        }

        @Override
        public String describe() {
            return "one of " + String.join(", ", values);
        }
    }

    /**
     * Another host's MAC address: {@code wire} (the machine's wire peer, {@code 02:00:00:00:00:01}), a number N from 1
     * to 255 (the domU whose vif has {@code mac=00:16:3e:00:00:NN}, N in hex there, as {@code peer=2} for {@code
     * 00:16:3e:00:00:02}), or six hex bytes {@code 00:16:3e:12:34:56}. A group (multicast) address is refused.
     */
    record MacAddress() implements ArgumentType {
        @Override
        public Optional<String> problem(String value) {
            byte[] mac = new byte[6];
            if (!parse(value, mac)) {
                return Optional.of("\"" + value + "\" is not a MAC address (wire, 1 to 255, or aa:bb:cc:dd:ee:ff)");
            }
            if ((mac[0] & 1) != 0) {
                return Optional.of(value + " is a group address, not one host's");
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "wire, a domain number 1 to 255 (00:16:3e:00:00:NN), or a MAC address";
        }

        /** Parses {@code value} into {@code mac}; false if it is not a MAC address. */
        public static boolean parse(String value, byte[] mac) {
            if (value == null) {
                return false;
            }
            String v = value.trim();
            if (v.equals("wire")) {
                System.arraycopy(PvsimFrameDescriptor.WIRE_PEER_MAC, 0, mac, 0, 6);
                return true;
            }
            if (!v.isEmpty() && v.length() <= 3 && v.chars().allMatch(c -> isAsciiDigit((char) c))) {
                int n = Integer.parseInt(v);
                if (n < 1 || n > 255) {
                    return false;
                }
                mac[0] = 0x00;
                mac[1] = 0x16;
                mac[2] = 0x3e;
                mac[3] = 0;
                mac[4] = 0;
                mac[5] = (byte) n;
                return true;
            }
            String[] parts = v.split(":", -1);
            if (parts.length != 6) {
                return false;
            }
            for (int i = 0; i < 6; i++) {
                if (!parts[i].matches("[0-9a-fA-F]{2}")) {
                    return false;
                }
                mac[i] = (byte) Integer.parseInt(parts[i], 16);
            }
            return true;
        }
    }
}
