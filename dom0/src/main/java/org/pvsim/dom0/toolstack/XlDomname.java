package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code xl domname ID} ({@code main_domname} in {@code tools/xl/xl_info.c}): the name of domain {@code ID}, read as
 * {@code libxl_domid_to_name} reads it ({@code /local/domain/ID/name}). The id is read as xl reads it, with {@code
 * strtol} (leading blanks and a sign allowed, digits up to the first other character, the result taken as a 32-bit
 * unsigned id); an argument with no digits is refused ({@code Invalid domain id.}). A domain with no name prints
 * {@code Can't get domain name of domain id 'ID', maybe this domain does not exist.} and exits 1.
 *
 * @param domid the id, as the unsigned 32-bit value xl computes
 * @param text the argument as typed
 */
public record XlDomname(long domid, String text) implements XlCommand, XlRunnable {
    private static final Pattern STRTOL = Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*([+-]?)(\\d+)");

    /** Checks the id is an unsigned 32-bit value. */
    public XlDomname {
        Objects.requireNonNull(text, "text");
        if (domid < 0 || domid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a domain id is a 32-bit unsigned value, not " + domid);
        }
    }

    /**
     * {@code xl domname TEXT}: {@code strtol(TEXT, &end, 10)} cast to {@code uint32_t}.
     *
     * @throws IllegalArgumentException {@code Invalid domain id.} when TEXT has no digits, as xl says
     */
    public static XlDomname parse(String text) {
        Matcher m = STRTOL.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("Invalid domain id.");
        }
        long v;
        try {
            v = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE; // strtol saturates at LONG_MAX
        }
        if (m.group(1).equals("-")) {
            v = v == Long.MAX_VALUE ? Long.MIN_VALUE : -v;
        }
        return new XlDomname(v & 0xFFFF_FFFFL, text);
    }

    @Override
    public String name() {
        return "domname";
    }

    @Override
    public List<String> argv() {
        return List.of("xl", name(), text);
    }

    @Override
    public int run(Libxl libxl) {
        String n = domid <= Integer.MAX_VALUE ? libxl.domidToName((int) domid) : null;
        if (n == null) {
            libxl.con.eprintf("Can't get domain name of domain id '%u', maybe this domain does not exist.\n", domid);
            return 1;
        }
        libxl.con.printf("%s\n", n);
        return 0;
    }
}
