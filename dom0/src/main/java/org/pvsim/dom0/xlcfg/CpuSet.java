package org.pvsim.dom0.xlcfg;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One CPU list of {@code cpus} or {@code cpus_soft}, as xl reads it ({@code parse_cpurange} and {@code
 * update_cpumap_range} in {@code tools/xl/xl_parse.c}): comma-separated items applied left to right to an empty set,
 * each an optional {@code ^} (remove instead of add) and then {@code all}, a CPU number or a range {@code A-B} with
 * {@code A <= B}. {@code "0-3,5,^1"} is CPUs 0, 2, 3 and 5; {@code "all,^7"} is every CPU but 7; {@code "^all"} is
 * refused, as in xl.
 *
 * <p>Since the host's size is not known when the file is read, a set is kept in one of two forms:
 *
 * <ul>
 *   <li><b>listed</b> ({@code allBut = false}): exactly the CPUs in {@link #cpus()};
 *   <li><b>all but</b> ({@code allBut = true}): every CPU of the host except those in {@link #cpus()} — what an
 *       {@code all} item produces (xl sets every bit of its host-sized map; later {@code ^N} items clear some).
 * </ul>
 *
 * {@link #resolve(int)} gives the CPUs of a host with {@code nrCpus} CPUs: like xl's host-sized bitmap, CPUs the host
 * does not have are dropped. pvsim is stricter than xl in three places: a list that selects no CPU at all ({@code
 * ""}, {@code "^1"}) is refused, since Xen would refuse the empty affinity; CPU numbers must be below {@link
 * #NR_CPUS_MAX}; and NUMA node items ({@code node:}, {@code nodes:}) are refused, because pvsim's hosts have no NUMA
 * topology.
 *
 * @param allBut whether the set is "all CPUs but {@code cpus}" rather than "{@code cpus}"
 * @param cpus the CPUs listed (or excluded), ascending, without repeats; unmodifiable
 */
public record CpuSet(boolean allBut, List<Integer> cpus) {

    /**
     * The largest {@code NR_CPUS} Xen can be built with ({@code xen/arch/Kconfig}): a CPU number must be below it.
     */
    public static final int NR_CPUS_MAX = 16383;

    /** Every CPU of the host ({@code "all"}). */
    public static final CpuSet ALL = new CpuSet(true, List.of());

    /** Checks the list is ascending, without repeats, and in range, and copies it. */
    public CpuSet {
        cpus = List.copyOf(cpus);
        int previous = -1;
        for (int cpu : cpus) {
            if (cpu <= previous || cpu >= NR_CPUS_MAX) {
                throw new IllegalArgumentException(
                        "CPU numbers must be ascending, without repeats, and below " + NR_CPUS_MAX + ": " + cpus);
            }
            previous = cpu;
        }
        if (!allBut && cpus.isEmpty()) {
            throw new IllegalArgumentException("a CPU set must select at least one CPU");
        }
    }

    /**
     * Reads an xl CPU list.
     *
     * @throws IllegalArgumentException with a message naming the bad item and the rule, for example {@code "\"3-1\":
     *     a range must go from low to high"}
     */
    public static CpuSet parse(String text) {
        BitSet listed = new BitSet();
        boolean allBut = false;
        boolean any = false;
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                continue; // xl's strtok_r skips empty items
            }
            any = true;
            String rest = item;
            boolean remove = rest.startsWith("^");
            if (remove) {
                rest = rest.substring(1);
            }
            if (rest.startsWith("node:") || rest.startsWith("nodes:")) {
                throw new IllegalArgumentException("\"" + item + "\": NUMA node lists are not supported: pvsim hosts"
                        + " have no NUMA topology; name CPUs instead (for example \"0-3\")");
            }
            if (rest.equals("all")) {
                if (remove) {
                    throw new IllegalArgumentException("\"" + item + "\": can't combine \"^\" and \"all\"");
                }
                allBut = true;
                listed.clear();
                continue;
            }
            if (!rest.matches("[0-9]{1,9}(-[0-9]{1,9})?")) {
                throw new IllegalArgumentException("\"" + item + "\" is not a CPU, a range A-B or all");
            }
            String[] ends = rest.split("-");
            int low = Integer.parseInt(ends[0]);
            int high = ends.length == 2 ? Integer.parseInt(ends[1]) : low;
            if (low > high) {
                throw new IllegalArgumentException("\"" + item + "\": a range must go from low to high");
            }
            if (high >= NR_CPUS_MAX) {
                throw new IllegalArgumentException("\"" + item + "\": CPU " + high + " is beyond " + (NR_CPUS_MAX - 1)
                        + ", the largest CPU number Xen can have");
            }
            // in the "all but" form the list holds exclusions: adding a CPU removes its exclusion
            if (remove != allBut) {
                listed.clear(low, high + 1);
            } else {
                listed.set(low, high + 1);
            }
        }
        if (!any) {
            throw new IllegalArgumentException("the CPU list is empty");
        }
        if (!allBut && listed.isEmpty()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" selects no CPU, and Xen refuses an empty affinity (add CPUs, or \"all\")");
        }
        return new CpuSet(allBut, listed.stream().boxed().toList());
    }

    /** Whether this is every CPU of the host ({@code "all"} with nothing removed). */
    public boolean isAll() {
        return allBut && cpus.isEmpty();
    }

    /** Whether CPU {@code cpu} is in the set (on a host large enough to have it). */
    public boolean contains(int cpu) {
        return cpu >= 0 && allBut != cpus.contains(cpu);
    }

    /** The CPUs of the set on a host of {@code nrCpus} CPUs, ascending; CPUs the host lacks are dropped, as in xl. */
    public List<Integer> resolve(int nrCpus) {
        List<Integer> out = new ArrayList<>();
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            if (contains(cpu)) {
                out.add(cpu);
            }
        }
        return out;
    }

    /** The set on a host of {@code nrCpus} CPUs, bit {@code n} for CPU {@code n}: the map a vCPU affinity call takes. */
    public BitSet toBitSet(int nrCpus) {
        BitSet out = new BitSet(nrCpus);
        resolve(nrCpus).forEach(out::set);
        return out;
    }

    /**
     * The set in xl's syntax, shortest form: {@code "0-3,5"}, {@code "all"}, {@code "all,^7,^9-10"}. {@link
     * #parse(String)} reads it back to an equal set.
     */
    public String toXl() {
        List<String> items = new ArrayList<>();
        if (allBut) {
            items.add("all");
        }
        String prefix = allBut ? "^" : "";
        for (int i = 0; i < cpus.size(); ) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            items.add(prefix + (i == j ? cpus.get(i).toString() : cpus.get(i) + "-" + cpus.get(j)));
            i = j + 1;
        }
        return String.join(",", items);
    }

    @Override
    public String toString() {
        return toXl();
    }
}
