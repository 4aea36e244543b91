package org.pvsim.dom0.xenstore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The xenstore daemon ({@code tools/xenstored}): one tree of nodes, its permissions, watches, transactions and
 * quotas, and the connections of its clients (dom0's local socket, each introduced domain's ring). Pure and
 * deterministic: the host glue drives it from dom0's steps and charges the CPU time it reports.
 *
 * <p>Single-threaded: every method is called from the dom0 step that runs it.
 */
public final class Xenstored {
    private final XenstoredHost host;
    private final XenstoreQuota quota;
    private final List<String> log = new ArrayList<>();

    /** A daemon with Xen's default quotas. */
    public Xenstored(XenstoredHost host) {
        this(host, XenstoreQuota.XEN_DEFAULTS);
    }

    /** A daemon with the given quotas on unprivileged domains. */
    public Xenstored(XenstoredHost host, XenstoreQuota quota) {
        this.host = host;
        this.quota = quota;
    }

    /** A new privileged local connection for dom0 code (domid 0), as a client of xenstored's unix socket. */
    public XsSocket openSocket() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The domain's store port fired: reads every complete request from its ring, answers them, delivers queued
     * replies and watch events, and notifies the guest if anything was produced or consumed.
     */
    public void serviceRing(int domid) {}

    /** CPU time xenstored spent since the previous call, in nanoseconds; resets the count. */
    public long takeCostNs() {
        return 0;
    }

    /** The domain has shut down (VIRQ_DOM_EXC): fires {@code @releaseDomain}. */
    public void domainShutdown(int domid) {}

    /** The domain is dead: drops its connection, watches and transactions, and fires {@code @releaseDomain}. */
    public void domainDied(int domid) {}

    /** Whether {@code domid} has been introduced and not released. */
    public boolean isIntroduced(int domid) {
        return domid == 0;
    }

    /** The daemon's log lines so far, oldest first. */
    public List<String> log() {
        return Collections.unmodifiableList(log);
    }
}
