package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A CPU list as {@code xl vcpu-pin} takes it ({@code parse_cpurange} and {@code update_cpumap_range}, {@code
 * tools/xl/xl_parse.c}): comma-separated items applied left to right to an empty map, each {@code all}, a CPU {@code
 * N} or a range {@code A-B}, optionally prefixed by {@code ^} to remove instead of add ({@code "all,^1"}, {@code
 * "0-3,^2"}). Empty items are skipped, as {@code strtok_r} skips them.
 *
 * <p>Refused with xl's messages: {@code "Can't combine \"^\" and \"all\"."} and {@code "Invalid pcpu range: ITEM."}
 * (not a number or range, junk after it, or a range from high to low). NUMA node items ({@code node:}, {@code nodes:})
 * are refused too: pvsim hosts have a single NUMA node, and pvsim names CPUs only.
 *
 * <p>The list is resolved against the host when dom0 runs the command ({@link #resolve}): as xl's bitmap has one bit
 * per host CPU, {@code all} means every host CPU and CPUs beyond the host are dropped.
 *
 * @param text the list as written
 */
public record XlCpuList(String text) {
    private record Item(boolean remove, boolean all, long low, long high) {}

    /** Checks the syntax. */
    public XlCpuList {
        Objects.requireNonNull(text, "text");
        items(text);
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException with xl's message for a bad item
     */
    public static XlCpuList parse(String text) {
        return new XlCpuList(text);
    }

    private static List<Item> items(String text) {
        List<Item> items = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                continue;
            }
            String rest = item;
            boolean remove = rest.startsWith("^");
            if (remove) {
                rest = rest.substring(1);
            }
            if (rest.startsWith("node:") || rest.startsWith("nodes:")) {
                throw new IllegalArgumentException("NUMA node lists are not supported: pvsim hosts have one NUMA node;"
                        + " name CPUs instead (\"" + item + "\").");
            }
            if (rest.equals("all")) {
                if (remove) {
                    throw new IllegalArgumentException("Can't combine \"^\" and \"all\".");
                }
                items.add(new Item(false, true, 0, 0));
                continue;
            }
            if (!rest.matches("[0-9]{1,18}(-[0-9]{1,18})?")) {
                throw new IllegalArgumentException("Invalid pcpu range: " + rest + ".");
            }
            String[] ends = rest.split("-");
            long low = Long.parseLong(ends[0]);
            long high = ends.length == 2 ? Long.parseLong(ends[1]) : low;
            if (high < low) {
                throw new IllegalArgumentException("Invalid pcpu range: " + rest + ".");
            }
            items.add(new Item(remove, false, low, high));
        }
        return items;
    }

    /**
     * The map on a host of {@code nrCpus} CPUs: the items applied in order to an empty map of {@code nrCpus} bits.
     * It may be empty (say {@code "^1"}).
     */
    public BitSet resolve(int nrCpus) {
        BitSet map = new BitSet(nrCpus);
        for (Item i : items(text)) {
            if (i.all()) {
                map.set(0, nrCpus);
                continue;
            }
            if (i.low() >= nrCpus) {
                continue;
            }
            int high = (int) Math.min(i.high(), nrCpus - 1L);
            if (i.remove()) {
                map.clear((int) i.low(), high + 1);
            } else {
                map.set((int) i.low(), high + 1);
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return text;
    }
}
