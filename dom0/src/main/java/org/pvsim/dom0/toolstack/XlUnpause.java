package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import org.pvsim.hypervisor.abi.DomctlCmd;

/**
 * {@code xl unpause DOMAIN} ({@code main_unpause}, {@code libxl_domain_unpause} in {@code
 * tools/libs/light/libxl_domain.c}): libxl first asks the domain's type ({@code libxl__domain_type}: {@code
 * getdomaininfo}, logging {@code "unable to get dominfo"} for a domain Xen does not know), then {@code
 * XEN_DOMCTL_unpausedomain}, logging {@code "Unpausing domain"} if Xen refuses (unpausing below zero gives {@code
 * EINVAL}). As in xl the command exits 0 either way; only an unknown domain name exits 1.
 *
 * @param domain the domain, by name or id
 */
public record XlUnpause(String domain) implements XlCommand, XlRunnable {
    /** Checks the argument is there. */
    public XlUnpause {
        Objects.requireNonNull(domain, "domain");
    }

    @Override
    public String name() {
        return "unpause";
    }

    @Override
    public List<String> argv() {
        return List.of("xl", name(), domain);
    }

    @Override
    public int run(Libxl libxl) {
        int domid = libxl.findDomain(domain);
        if (domid < 0) {
            return 1;
        }
        long rc = libxl.hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid));
        if (rc < 0) {
            libxl.log(XlConsole.Level.ERROR, "libxl_dom.c:37:libxl__domain_type", domid, rc, "unable to get dominfo");
            return 0;
        }
        rc = libxl.hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_unpausedomain, domid));
        if (rc < 0) {
            libxl.log(XlConsole.Level.ERROR, "libxl_domain.c:686:domain_unpause_done", domid, rc, "Unpausing domain");
        }
        return 0;
    }
}
