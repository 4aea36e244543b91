package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.sched.SchedulerHost;

/**
 * Credit's accounting ({@code csched_acct} and the active lists of {@code struct csched_private}): once per
 * timeslice, the host's credit ({@code credits_per_tslice} per pCPU) is shared among the active domains in proportion
 * to {@code weight x active vCPUs}, each domain's share is limited to what its vCPUs can use and to its cap, and every
 * active vCPU gets its domain's share divided among its active vCPUs. Then its priority follows the sign of its
 * credit: UNDER (credit &ge; 0) or OVER. A vCPU of a capped domain that is more than its per-vCPU cap in debt is
 * parked (paused) until its credit is back to 0 or more. Credit is floored at {@code -credits_per_tslice}; a vCPU
 * above {@code credits_per_tslice} is not using its share, so it leaves the active list with its credit halved, and
 * comes back at the next tick that finds it running.
 *
 * <p>Invariants: {@link #weight} is the sum of {@code weight} over the active vCPUs; a domain is on the active list
 * exactly when it has active vCPUs, and {@code activeUnitCount} counts them. The lists are intrusive and newest-first
 * ({@code list_add}), and iteration follows them, so accounting is deterministic and allocates nothing.
 */
final class CreditAccounting {
    private final SchedulerHost host;
    private final CreditTunables tun;
    private final int ncpus;

    private CreditDomain activeHead;
    /** {@code weight}: the sum of the active vCPUs' weights. */
    long weight;
    /** {@code credit_balance}: the sum of the active vCPUs' credits after the last accounting. */
    long creditBalance;
    /** {@code runq_sort}: the accounting epoch; each pCPU re-sorts its runqueue once per epoch. */
    long runqSort;

    CreditAccounting(SchedulerHost host, CreditTunables tun, int ncpus) {
        this.host = host;
        this.tun = tun;
        this.ncpus = ncpus;
    }

    /** {@code prv->credit}: the credit the host hands out per timeslice. */
    long credit() {
        return (long) tun.creditsPerTslice * ncpus;
    }

    /** The first active domain, for tests and dumps. */
    CreditDomain activeHead() {
        return activeHead;
    }

    /** {@code __csched_unit_acct_start}: {@code svc} (and its domain) join the active lists, if not already there. */
    void start(CreditUnit svc, long now) {
        CreditDomain sdom = svc.sdom;
        if (!svc.active) {
            sdom.activeUnitCount++;
            svc.activePrev = null;
            svc.activeNext = sdom.activeUnitHead;
            if (sdom.activeUnitHead != null) {
                sdom.activeUnitHead.activePrev = svc;
            }
            sdom.activeUnitHead = svc;
            svc.active = true;
            weight += sdom.weight;
            if (!sdom.active) {
                sdom.activePrev = null;
                sdom.activeNext = activeHead;
                if (activeHead != null) {
                    activeHead.activePrev = sdom;
                }
                activeHead = sdom;
                sdom.active = true;
            }
        }
        host.trace(now, TraceEvent.TRC_CSCHED_ACCOUNT_START, svc.vcpu, sdom.activeUnitCount, 0);
    }

    /** {@code __csched_unit_acct_stop_locked}: {@code svc} leaves the active list; its domain too, if it was the last. */
    void stop(CreditUnit svc, long now) {
        CreditDomain sdom = svc.sdom;
        if (!svc.active) {
            throw new IllegalStateException(svc + " is not active");
        }
        sdom.activeUnitCount--;
        if (svc.activePrev == null) {
            sdom.activeUnitHead = svc.activeNext;
        } else {
            svc.activePrev.activeNext = svc.activeNext;
        }
        if (svc.activeNext != null) {
            svc.activeNext.activePrev = svc.activePrev;
        }
        svc.activePrev = null;
        svc.activeNext = null;
        svc.active = false;
        weight -= sdom.weight;
        if (sdom.activeUnitHead == null) {
            unlinkDomain(sdom);
        }
        host.trace(now, TraceEvent.TRC_CSCHED_ACCOUNT_STOP, svc.vcpu, sdom.activeUnitCount, 0);
    }

    /** {@code csched_dom_cntl}: a new weight for {@code sdom}, keeping {@link #weight} the sum over active vCPUs. */
    void setWeight(CreditDomain sdom, int newWeight) {
        if (sdom.active) {
            weight += (long) (newWeight - sdom.weight) * sdom.activeUnitCount;
        }
        sdom.weight = newWeight;
    }

    private void unlinkDomain(CreditDomain sdom) {
        if (sdom.activePrev == null) {
            activeHead = sdom.activeNext;
        } else {
            sdom.activePrev.activeNext = sdom.activeNext;
        }
        if (sdom.activeNext != null) {
            sdom.activeNext.activePrev = sdom.activePrev;
        }
        sdom.activePrev = null;
        sdom.activeNext = null;
        sdom.active = false;
    }

    private void moveToHead(CreditDomain sdom) {
        if (activeHead == sdom) {
            return;
        }
        unlinkDomain(sdom);
        sdom.activeNext = activeHead;
        activeHead.activePrev = sdom;
        activeHead = sdom;
        sdom.active = true;
    }

    /**
     * {@code csched_acct}: one accounting pass at {@code now}. Parks and unparks vCPUs through the host (which calls
     * back into the policy's sleep and wake), and starts a new sort epoch.
     */
    void account(long now) {
        long weightTotal = weight;
        long creditTotal = credit();
        int cpt = tun.creditsPerTslice;
        // A negative balance (vCPUs in debt) is paid back by handing out more credit.
        if (creditBalance < 0) {
            creditTotal -= creditBalance;
        }
        if (weightTotal == 0) {
            creditBalance = 0;
            return;
        }
        long weightLeft = weightTotal;
        long balance = 0;
        boolean xtra = false;
        long creditCap = 0;
        CreditDomain next;
        for (CreditDomain sdom = activeHead; sdom != null; sdom = next) {
            next = sdom.activeNext;
            int count = sdom.activeUnitCount;
            weightLeft -= (long) sdom.weight * count;

            // At most what its active vCPUs can burn in a timeslice, more only to pay back a negative balance.
            long peak = (long) count * cpt;
            if (creditBalance < 0) {
                peak += (-creditBalance * sdom.weight * count + (weightTotal - 1)) / weightTotal;
            }
            if (sdom.cap != 0) {
                creditCap = ((long) sdom.cap * cpt + 99) / 100;
                if (creditCap < peak) {
                    peak = creditCap;
                }
                creditCap = (creditCap + (count - 1)) / count;
            }
            long fair = (creditTotal * sdom.weight * count + (weightTotal - 1)) / weightTotal;
            if (fair < peak) {
                xtra = true;
            } else {
                // What this domain cannot use goes to the domains after it.
                if (weightLeft != 0) {
                    creditTotal += ((fair - peak) * weightTotal + (weightLeft - 1)) / weightLeft;
                }
                if (xtra) {
                    // Domains that left credit over go first next time, so the others get a go at the extra.
                    moveToHead(sdom);
                }
                fair = peak;
            }
            fair = (fair + (count - 1)) / count;

            CreditUnit nextUnit;
            for (CreditUnit svc = sdom.activeUnitHead; svc != null; svc = nextUnit) {
                nextUnit = svc.activeNext;
                svc.credit += (int) fair;
                int credit = svc.credit;
                if (credit < 0) {
                    svc.pri = CreditUnit.PRI_TS_OVER;
                    if (sdom.cap != 0 && credit < -creditCap && !svc.parked) {
                        svc.parked = true;
                        host.pauseVcpu(svc.vcpu, now);
                    }
                    if (credit < -cpt) {
                        credit = -cpt;
                        svc.credit = credit;
                    }
                } else {
                    svc.pri = CreditUnit.PRI_TS_UNDER;
                    if (svc.parked) {
                        // Unpause before clearing the flag, so that the wake it causes is not boosted.
                        host.unpauseVcpu(svc.vcpu, now);
                        svc.parked = false;
                    }
                    if (credit > cpt) {
                        stop(svc, now);
                        credit /= 2;
                        svc.credit = credit;
                    }
                }
                balance += credit;
            }
        }
        creditBalance = balance;
        runqSort++;
    }
}
