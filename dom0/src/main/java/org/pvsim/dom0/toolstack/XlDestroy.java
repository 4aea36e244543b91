package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code xl destroy [-f] DOMAIN} ({@code main_destroy} in {@code tools/xl/xl_vmcontrol.c}, {@code
 * libxl_domain_destroy}): kills the domain at once, without asking its kernel ({@code XEN_DOMCTL_destroydomain}), and
 * removes its xenstore nodes ({@code /local/domain/N}, {@code /vm/UUID}, {@code /libxl/N}) and xenstored's
 * connection ({@code XS_RELEASE}). Domain 0 is refused without {@code -f}. For a domain Xen does not know, libxl logs
 * {@code Non-existant domain} and xl prints {@code destroy failed (rc=-21)} and exits 1.
 *
 * @param force {@code -f}: allow domain 0
 * @param domain the domain, by name or id
 */
public record XlDestroy(boolean force, String domain) implements XlCommand, XlRunnable {
    /** Checks the argument is there. */
    public XlDestroy {
        Objects.requireNonNull(domain, "domain");
    }

    @Override
    public String name() {
        return "destroy";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        if (force) {
            a.add("-f");
        }
        a.add(domain);
        return List.copyOf(a);
    }

    @Override
    public int run(Libxl libxl) {
        int domid = libxl.findDomain(domain);
        if (domid < 0) {
            return 1;
        }
        if (domid == 0 && !force) {
            libxl.con.eprintf("Not destroying domain 0; use -f to force.\n"
                    + "This can only be done when using a disaggregated hardware domain and toolstack.\n\n");
            return 1;
        }
        int rc = destroy(libxl, domid);
        if (rc != 0) {
            libxl.con.eprintf("destroy failed (rc=%d)\n", rc);
            return 1;
        }
        return 0;
    }

    /**
     * {@code libxl_domain_destroy}: {@code libxl__destroy_domid}'s check that the domain exists (logged as libxl logs
     * it), then the toolstack's destruction. Returns 0 or a libxl error code.
     */
    static int destroy(Libxl libxl, int domid) {
        LibxlDominfo.Lookup l = LibxlDominfo.info(libxl, domid);
        int rc = l.rc();
        if (rc == 0) {
            rc = LibxlLife.domains(libxl).destroy(domid);
        } else if (rc == LibxlError.DOMAIN_NOTFOUND) {
            libxl.log(
                    XlConsole.Level.ERROR, "libxl_domain.c:1181:libxl__destroy_domid", domid, 0, "Non-existant domain");
        }
        if (rc != 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_domain.c:1135:domain_destroy_callback",
                    domid,
                    0,
                    "Unable to destroy guest");
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_domain.c:1062:domain_destroy_cb",
                    domid,
                    0,
                    "Destruction of domain failed");
        }
        return rc;
    }
}
