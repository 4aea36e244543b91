package org.pvsim.hypervisor;

import java.util.List;
import org.pvsim.hypervisor.sched.RoundRobinScheduler;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.credit2.Credit2Scheduler;
import org.pvsim.hypervisor.sched.nullsched.NullScheduler;
import org.pvsim.hypervisor.sched.rtds.RtdsScheduler;

/**
 * The scheduling policies a host can run, by the name Xen's {@code sched=} option uses. Adding a policy is one
 * class implementing {@link Scheduler} and one line here.
 */
public final class Schedulers {
    /** The names of the policies implemented, in the order they are listed to users. */
    public static final List<String> NAMES = List.of("credit2", "rtds", "null", "rr");

    private Schedulers() {}

    /**
     * A new instance of the policy {@code name}.
     *
     * @throws IllegalArgumentException for a name that is not implemented
     */
    public static Scheduler create(String name) {
        switch (name) {
            case "credit2":
                return new Credit2Scheduler();
            case "rtds":
                return new RtdsScheduler();
            case "null":
                return new NullScheduler();
            case "rr":
                return new RoundRobinScheduler();
            default:
                throw new IllegalArgumentException(
                        "scheduler \"" + name + "\" is not implemented; choose one of " + NAMES);
        }
    }
}
