package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import org.pvsim.hypervisor.abi.DomctlCmd;

/**
 * {@code xl pause DOMAIN} ({@code main_pause} in {@code tools/xl/xl_vmcontrol.c}, {@code libxl_domain_pause}): {@code
 * XEN_DOMCTL_pausedomain}, which raises the domain's controller pause count. A refusal from Xen is logged by libxl
 * ({@code "Pausing domain"}) and, as in xl, the command still exits 0; only an unknown domain name exits 1.
 *
 * @param domain the domain, by name or id
 */
public record XlPause(String domain) implements XlCommand, XlRunnable {
    /** Checks the argument is there. */
    public XlPause {
        Objects.requireNonNull(domain, "domain");
    }

    @Override
    public String name() {
        return "pause";
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
        long rc = libxl.hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_pausedomain, domid));
        if (rc < 0) {
            libxl.log(XlConsole.Level.ERROR, "libxl_domain.c:585:libxl_domain_pause", domid, rc, "Pausing domain");
        }
        return 0;
    }
}
