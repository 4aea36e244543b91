package org.pvsim.dom0.toolstack;

import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.hypervisor.abi.Errno;

/**
 * Where the life-cycle commands reach the toolstack's services through {@link Libxl}: its xenstore connection and its
 * domain life cycle ({@link LibxlDomains}).
 */
final class LibxlLife {
    private LibxlLife() {}

    /** What the life-cycle commands need of the toolstack's domain life cycle ({@code LibxlDomains}). */
    interface Lifecycle {
        /** {@code libxl_domain_create_new} (+ unpause unless {@code paused}): the new domid, or a libxl error code. */
        int create(DomainBuildSpec spec, boolean paused);

        /** {@code libxl_domain_destroy} of an existing domain: 0 or a libxl error code (logged). */
        int destroy(int domid);

        /** Injects a scenario's {@code fault} in dom0 (not a libxl call: the host's); its exit status. */
        int inject(Dom0Fault fault);
    }

    /** The toolstack's xenstore connection ({@code ctx->xsh}). */
    static XsSocket xs(Libxl libxl) {
        if (libxl.xs == null) {
            throw new IllegalStateException("this host has no xenstore (no event channels in the hypervisor)");
        }
        return libxl.xs;
    }

    /** The toolstack's domain life cycle. */
    static Lifecycle domains(Libxl libxl) {
        if (libxl.lifecycle == null) {
            throw new IllegalStateException("the toolstack's domain life cycle is not available here");
        }
        return libxl.lifecycle;
    }

    /**
     * {@code libxl_retrieve_domain_configuration}: the configuration the toolstack keeps for {@code domid}, or empty
     * (as for dom0, which the toolstack did not build).
     */
    static java.util.Optional<LibxlConfigJson.Saved> savedConfig(Libxl libxl, int domid) {
        return java.util.Optional.empty();
    }

    /** The negated errno of a xenstore error, for a libxl log line ({@code LOGE}); {@code EIO} if unknown. */
    static long errno(XsException e) {
        try {
            return Errno.valueOf(e.errno()).neg();
        } catch (IllegalArgumentException unknown) {
            return Errno.EIO.neg();
        }
    }
}
