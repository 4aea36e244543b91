package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;

/**
 * {@code xl rename DOMAIN NEWNAME} ({@code main_rename} in {@code tools/xl/xl_misc.c}, {@code libxl__domain_rename}
 * in {@code tools/libs/light/libxl_domain.c}). In one xenstore transaction, retried when the commit answers {@code
 * EAGAIN}: a non-empty new name must not belong to another domain ({@code Domain with name "X" already exists.}); the
 * domain's current name must still be the one xl found ({@code Allegedly named ... - racing ?}); then {@code
 * /local/domain/N/name} and {@code /vm/UUID/name} get the new name. Any failure aborts the transaction, and xl prints
 * {@code Can't rename domain 'DOMAIN'.} and exits 1.
 *
 * @param domain the domain, by name or id
 * @param newName its new name
 */
public record XlRename(String domain, String newName) implements XlCommand, XlRunnable {
    private static final String WHERE = "libxl_domain.c:%d:libxl__domain_rename";

    /** Checks the arguments are there. */
    public XlRename {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(newName, "newName");
    }

    @Override
    public String name() {
        return "rename";
    }

    @Override
    public List<String> argv() {
        return List.of("xl", name(), domain, newName);
    }

    @Override
    public int run(Libxl libxl) {
        int domid = libxl.findDomain(domain);
        if (domid < 0) {
            return 1;
        }
        String oldName = libxl.domidToName(domid); // xl's common_domname
        if (rename(libxl, domid, oldName, newName) != 0) {
            libxl.con.eprintf("Can't rename domain '%s'.\n", domain);
            return 1;
        }
        return 0;
    }

    /** {@code libxl__domain_rename} with its own transaction: 0 or a libxl error code. */
    static int rename(Libxl libxl, int domid, String oldName, String newName) {
        XsSocket xs = LibxlLife.xs(libxl);
        String namePath;
        try {
            namePath = xs.getDomainPath(domid) + "/name";
        } catch (XsException e) {
            return LibxlError.FAIL;
        }
        while (true) {
            int t;
            try {
                t = xs.transactionStart();
            } catch (XsException e) {
                log(libxl, 56, domid, LibxlLife.errno(e), "Create xs transaction for domain (re)name");
                return LibxlError.FAIL;
            }
            int rc = inTransaction(libxl, xs, t, domid, namePath, oldName, newName);
            if (rc != 0) {
                abort(xs, t);
                return rc;
            }
            try {
                if (xs.transactionEnd(t, true)) {
                    return 0;
                }
            } catch (XsException e) {
                log(
                        libxl,
                        140,
                        domid,
                        0,
                        "Failed to commit new name `" + newName + "' for domain previously named `" + oldName + "'");
                return LibxlError.FAIL;
            }
            // EAGAIN: another write intervened; libxl starts the transaction again
        }
    }

    private static int inTransaction(
            Libxl libxl, XsSocket xs, int t, int domid, String namePath, String oldName, String newName) {
        if (!newName.isEmpty()) {
            int existing = XlDomid.nameToDomid(libxl, newName);
            if (existing >= 0 && existing != domid) {
                log(libxl, 81, domid, 0, "Domain with name \"" + newName + "\" already exists.");
                return LibxlError.INVAL;
            }
        }
        if (oldName != null) {
            String got;
            try {
                got = xs.read(t, namePath);
            } catch (XsException e) {
                log(
                        libxl,
                        90,
                        domid,
                        LibxlLife.errno(e),
                        "Check old name for domain allegedly named `" + oldName + "'");
                return LibxlError.FAIL;
            }
            if (!oldName.equals(got)) {
                log(
                        libxl,
                        96,
                        domid,
                        0,
                        "Allegedly named `" + oldName + "' is actually named `" + got + "' - racing ?");
                return LibxlError.FAIL;
            }
        }
        try {
            xs.write(t, namePath, newName);
        } catch (XsException e) {
            log(
                    libxl,
                    107,
                    domid,
                    0,
                    "Failed to write new name `" + newName + "' for domain previously named `" + oldName + "'");
            return LibxlError.FAIL;
        }
        LibxlDominfo.Lookup info = LibxlDominfo.info(libxl, domid);
        if (info.rc() != 0) {
            return info.rc();
        }
        String vmNamePath = "/vm/" + info.info().uuidString() + "/name";
        try {
            xs.write(t, vmNamePath, newName);
        } catch (XsException e) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_xshelp.c:230:libxl__xs_write_checked",
                    -1,
                    LibxlLife.errno(e),
                    "xenstore write failed: `" + vmNamePath + "' = `" + newName + "'");
            return LibxlError.FAIL;
        }
        return 0;
    }

    private static void abort(XsSocket xs, int t) {
        try {
            xs.transactionEnd(t, false);
        } catch (XsException ignored) {
            // libxl ignores the abort's answer too
        }
    }

    private static void log(Libxl libxl, int line, int domid, long rc, String message) {
        libxl.log(XlConsole.Level.ERROR, String.format(java.util.Locale.ROOT, WHERE, line), domid, rc, message);
    }
}
