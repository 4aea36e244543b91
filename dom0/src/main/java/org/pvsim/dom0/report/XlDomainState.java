package org.pvsim.dom0.report;

import org.pvsim.hypervisor.abi.ShutdownReason;

/**
 * A domain's state as {@code xl list} shows it: six flags, printed as six letters
 * ({@code list_domains} in {@code tools/xl/xl_info.c}):
 *
 * <pre>
 *   r  running      (- if not)
 *   b  blocked
 *   p  paused
 *   s  shutdown
 *   ?  the shutdown reason from "-rscwS" indexed by the reason code (poweroff -, reboot r, suspend s, crash c,
 *      watchdog w, soft_reset S); - when not shut down
 *   d  dying
 * </pre>
 *
 * The flags mirror {@code XEN_DOMINF_running}, {@code blocked}, {@code paused}, {@code shutdown} and {@code dying} of
 * {@code getdomaininfo}.
 *
 * @param running some vCPU is running
 * @param blocked every vCPU that could run is blocked
 * @param paused the domain is paused
 * @param shutdown the domain has shut down
 * @param shutdownReason the latched reason; must be set exactly when {@code shutdown} is
 * @param dying the domain is being destroyed
 */
public record XlDomainState(
        boolean running,
        boolean blocked,
        boolean paused,
        boolean shutdown,
        ShutdownReason shutdownReason,
        boolean dying) {

    /** Checks that a reason is given exactly when the domain is shut down. */
    public XlDomainState {
        if (shutdown != (shutdownReason != null)) {
            throw new IllegalArgumentException(
                    shutdown ? "a shut-down domain needs a shutdown reason" : "only a shut-down domain has a reason");
        }
    }

    /** A running domain ({@code r-----}). */
    public static XlDomainState runningDomain() {
        return new XlDomainState(true, false, false, false, null, false);
    }

    /** A domain shut down for {@code reason}, not yet destroyed ({@code ---s?-}). */
    public static XlDomainState shutDown(ShutdownReason reason) {
        return new XlDomainState(false, false, false, true, reason, false);
    }

    /** The six letters, e.g. {@code r-----}, {@code -b----} or {@code ---sc-}. */
    public String letters() {
        return letters(running, blocked, paused, shutdown, shutdownReason, dying);
    }

    /**
     * The six {@code xl list} letters for these flags; {@code shutdownReason} is shown only when {@code shutdown} is
     * set (xl prints {@code -} otherwise), and may be null then.
     */
    public static String letters(
            boolean running,
            boolean blocked,
            boolean paused,
            boolean shutdown,
            ShutdownReason shutdownReason,
            boolean dying) {
        char[] state = {
            running ? 'r' : '-',
            blocked ? 'b' : '-',
            paused ? 'p' : '-',
            shutdown ? 's' : '-',
            shutdown && shutdownReason != null ? shutdownReason.xlLetter() : '-',
            dying ? 'd' : '-'
        };
        return new String(state);
    }
}
