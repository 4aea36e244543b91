package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.time.Timer;

/**
 * Credit2's view of a domain ({@code struct csched2_dom}, {@code xen/common/sched/credit2.c}): its weight and cap,
 * and, when capped, its budget pool: {@code cap% x credit2_cap_period_ms} of run time per period, refilled by a
 * per-domain timer ({@code repl_timer}); units grab a quota from the pool to run and return what they did not use;
 * a unit that finds the pool empty is parked until a refill ({@code unit_grab_budget}, {@code unit_return_budget},
 * {@code park_unit}, {@code replenish_domain_budget}).
 *
 * <p>Invariants: {@link #cap} is 0 (no cap) or in {@code 1..100 * nrUnits}; while capped, {@link #totBudget} is
 * {@code period * cap / 100} and the pool never exceeds it after a refill; a unit is on {@link #parkedHead}'s list
 * exactly while it is {@code parked}; the refill timer is armed exactly while the domain is capped.
 */
final class Credit2Domain {
    final Domain dom;
    /** Weight of every unit of the domain, 1..65535. */
    int weight = Credit2Scheduler.DEFAULT_WEIGHT;
    /** Cap in % of one pCPU; 0 = none. */
    int cap;
    /** How many of its units the scheduler holds ({@code nr_units}). */
    int nrUnits;

    /** Budget per period ({@code tot_budget}). */
    long totBudget;
    /** Budget left in the pool now ({@code budget}); may go below 0 after an overrun. */
    long budget;
    /** When the next refill is due ({@code next_repl}). */
    long nextRepl;
    /** The refill timer ({@code repl_timer}), created with the domain. */
    Timer replTimer;
    /** Units waiting for budget ({@code parked_units}), most recently parked first. */
    Credit2Unit parkedHead;

    Credit2Domain(Domain dom) {
        this.dom = dom;
    }

    /**
     * {@code unit_grab_budget}: makes sure {@code u} holds budget to run. Its overrun (budget below 0) is taken from
     * the pool first; then it takes its quota, or what is left. With nothing left it is parked.
     *
     * @return whether it now holds budget
     */
    boolean grabBudget(Credit2Unit u) {
        if (u.budget > 0) {
            return true;
        }
        budget += u.budget;
        if (budget > 0) {
            long b = Math.min(budget, u.budgetQuota);
            u.budget = b;
            budget -= b;
        } else {
            u.budget = 0;
            park(u);
        }
        return u.budget > 0;
    }

    /**
     * {@code unit_return_budget}: {@code u} stops running; what it did not use goes back to the pool.
     *
     * @return whether the pool now has budget, so that parked units may run
     */
    boolean returnBudget(Credit2Unit u) {
        budget += u.budget;
        u.budget = 0;
        return budget > 0;
    }

    /** {@code park_unit} (the list part): {@code u} waits for budget. The caller takes it off its runq. */
    private void park(Credit2Unit u) {
        u.parked = true;
        if (!u.onParked) {
            u.onParked = true;
            u.parkedNext = parkedHead;
            parkedHead = u;
        }
    }

    /** Empties the parked list ({@code list_splice_init}) and returns its former head; the chain stays linked. */
    Credit2Unit takeParked() {
        Credit2Unit head = parkedHead;
        parkedHead = null;
        return head;
    }

    /** Takes {@code u} off the parked list, if it is there (the unit goes away). */
    void forgetParked(Credit2Unit u) {
        if (!u.onParked) {
            return;
        }
        if (parkedHead == u) {
            parkedHead = u.parkedNext;
        } else {
            for (Credit2Unit p = parkedHead; p != null; p = p.parkedNext) {
                if (p.parkedNext == u) {
                    p.parkedNext = u.parkedNext;
                    break;
                }
            }
        }
        u.parkedNext = null;
        u.onParked = false;
        u.parked = false;
    }

    /**
     * {@code replenish_domain_budget} (the pool part): one period's budget per elapsed period, at most {@link
     * #totBudget} in the pool; moves {@link #nextRepl} past {@code now}.
     *
     * @return whether the pool has budget now, so that the parked units may run
     */
    boolean replenish(long now, long period) {
        do {
            nextRepl += period;
            budget += totBudget;
        } while (nextRepl <= now);
        if (budget <= 0) {
            return false;
        }
        budget = Math.min(budget, totBudget);
        return true;
    }
}
