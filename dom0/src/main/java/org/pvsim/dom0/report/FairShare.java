package org.pvsim.dom0.report;

/**
 * The share of a host's CPU each domain's weight entitles it to, when every domain wants all the CPU its vCPUs can
 * use: the host's pCPUs are divided in proportion to weight (Xen's credit and credit2 contract: "a domain with twice
 * the weight gets twice the CPU on a contended host"), no domain getting more than its vCPUs can use or its cap
 * allows, and what such a domain cannot use divided again among the others (water filling).
 */
public final class FairShare {
    private FairShare() {}

    /**
     * The entitlements, in % of one pCPU.
     *
     * @param pcpus the host's pCPUs
     * @param weights each domain's weight (> 0)
     * @param limits the most each domain can use, in % of one pCPU (100 x vCPUs, or its cap if lower)
     */
    public static double[] entitlements(int pcpus, int[] weights, double[] limits) {
        int n = weights.length;
        double[] share = new double[n];
        boolean[] fixed = new boolean[n];
        double left = 100.0 * pcpus;
        while (true) {
            double weightLeft = 0;
            for (int i = 0; i < n; i++) {
                if (!fixed[i]) {
                    weightLeft += weights[i];
                }
            }
            if (weightLeft == 0 || left <= 0) {
                return share;
            }
            boolean clamped = false;
            for (int i = 0; i < n; i++) {
                if (!fixed[i] && left * weights[i] / weightLeft >= limits[i]) {
                    share[i] = limits[i];
                    fixed[i] = true;
                    left -= limits[i];
                    clamped = true;
                }
            }
            if (!clamped) {
                for (int i = 0; i < n; i++) {
                    if (!fixed[i]) {
                        share[i] = left * weights[i] / weightLeft;
                    }
                }
                return share;
            }
        }
    }
}
