package org.pvsim.dom0.xlcfg;

/**
 * The CPU list syntax of {@code cpus} and {@code cpus_soft} ({@code parse_cpurange} in {@code tools/xl/xl_parse.c}):
 * comma-separated items, each optionally prefixed by {@code ^} (remove) and by {@code node:} or {@code nodes:}
 * (whole NUMA nodes), then {@code all}, a number, or a range {@code A-B} with {@code A <= B}. {@code ^all} is not
 * allowed.
 */
final class CpuList {

    private CpuList() {}

    /** Why {@code text} is not a CPU list, or {@code null} if it is one. */
    static String problem(String text) {
        boolean any = false;
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                continue;
            }
            any = true;
            String rest = item;
            boolean negated = rest.startsWith("^");
            if (negated) {
                rest = rest.substring(1);
            }
            if (rest.startsWith("node:")) {
                rest = rest.substring("node:".length());
            } else if (rest.startsWith("nodes:")) {
                rest = rest.substring("nodes:".length());
            }
            if (rest.equals("all")) {
                if (negated) {
                    return "\"" + item + "\": can't combine \"^\" and \"all\"";
                }
                continue;
            }
            if (!rest.matches("[0-9]{1,9}(-[0-9]{1,9})?")) {
                return "\"" + item + "\" is not a CPU, a range A-B or all";
            }
            String[] ends = rest.split("-");
            if (ends.length == 2 && Long.parseLong(ends[0]) > Long.parseLong(ends[1])) {
                return "\"" + item + "\": a range must go from low to high";
            }
        }
        return any ? null : "the CPU list is empty";
    }
}
