package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;

/**
 * {@code xl domid NAME} ({@code main_domid} in {@code tools/xl/xl_info.c}): the id of the domain named {@code NAME},
 * found as {@code libxl_name_to_domid} finds it (each domain of the list, by its name in xenstore). An unknown name
 * prints {@code Can't get domid of domain name 'NAME', maybe this domain does not exist.} and exits 1.
 *
 * @param domainName the name
 */
public record XlDomid(String domainName) implements XlCommand, XlRunnable {
    /** Checks the argument is there. */
    public XlDomid {
        Objects.requireNonNull(domainName, "domainName");
    }

    @Override
    public String name() {
        return "domid";
    }

    @Override
    public List<String> argv() {
        return List.of("xl", name(), domainName);
    }

    @Override
    public int run(Libxl libxl) {
        int domid = nameToDomid(libxl, domainName);
        if (domid < 0) {
            libxl.con.eprintf("Can't get domid of domain name '%s', maybe this domain does not exist.\n", domainName);
            return 1;
        }
        libxl.con.printf("%u\n", domid);
        return 0;
    }

    /**
     * {@code libxl_name_to_domid}: the first domain in id order whose name is {@code name}, or -1 (also when the
     * domain list cannot be read).
     */
    static int nameToDomid(Libxl libxl, String name) {
        List<LibxlDominfo> all = LibxlDominfo.list(libxl);
        if (all == null) {
            return -1;
        }
        for (LibxlDominfo d : all) {
            if (name.equals(libxl.domidToName(d.domid()))) {
                return d.domid();
            }
        }
        return -1;
    }
}
