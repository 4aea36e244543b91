package org.pvsim.dom0.xlcfg;

import java.util.List;
import java.util.Optional;

/**
 * The value of {@code cpus} (hard affinity) or {@code cpus_soft} (soft affinity): which physical CPUs each vCPU of the
 * domain may run on, or prefers. xl accepts two forms ({@code parse_vcpu_affinity} in {@code tools/xl/xl_parse.c}):
 *
 * <ul>
 *   <li>a string, {@code cpus = "0-3,^1"}: one {@link CpuSet} for every vCPU;
 *   <li>a list, {@code cpus = [ "2", "3-8,^5" ]}: element {@code i} for vCPU {@code i}. vCPUs past the end of the list
 *       keep the default; elements past the domain's {@code maxvcpus} are ignored (with a warning in pvsim).
 * </ul>
 *
 * Left out, the key gives {@link #NONE}: no vCPU is pinned (hard affinity: every CPU), and none prefers any CPU.
 *
 * @param sets the CPU sets: none ({@link #NONE}), the one set of the string form, or the list's elements in order
 * @param perVcpu whether the value was a list, one set per vCPU
 */
public record CpuAffinity(List<CpuSet> sets, boolean perVcpu) {

    /** The key was not set: every vCPU keeps the default. */
    public static final CpuAffinity NONE = new CpuAffinity(List.of(), false);

    /** Checks that the string form has exactly one set, and copies the list. */
    public CpuAffinity {
        sets = List.copyOf(sets);
        if (!perVcpu && sets.size() > 1) {
            throw new IllegalArgumentException("a CPU list string is one set, not " + sets.size());
        }
    }

    /** The string form: {@code set} for every vCPU. */
    public static CpuAffinity forEveryVcpu(CpuSet set) {
        return new CpuAffinity(List.of(set), false);
    }

    /** The list form: {@code sets.get(i)} for vCPU {@code i}. */
    public static CpuAffinity perVcpu(List<CpuSet> sets) {
        return new CpuAffinity(sets, true);
    }

    /** Whether the key was set (a list with no element counts as set, and changes nothing). */
    public boolean isSet() {
        return perVcpu || !sets.isEmpty();
    }

    /**
     * The CPUs vCPU {@code vcpu} gets, or empty if it keeps the default (the key was not set, or the list is shorter).
     */
    public Optional<CpuSet> forVcpu(int vcpu) {
        if (vcpu < 0) {
            throw new IllegalArgumentException("a vCPU number must be >= 0, not " + vcpu);
        }
        if (!perVcpu) {
            return sets.isEmpty() ? Optional.empty() : Optional.of(sets.get(0));
        }
        return vcpu < sets.size() ? Optional.of(sets.get(vcpu)) : Optional.empty();
    }

    /** The value in xl.cfg syntax, as {@link DomainConfig#toXlCfg()} writes it: {@code "0-3"} or {@code [ "2", "3-8" ]}. */
    public String toXl() {
        if (!perVcpu) {
            return sets.isEmpty() ? "" : XlCfgWriter.quote(sets.get(0).toXl());
        }
        if (sets.isEmpty()) {
            return "[ ]";
        }
        return "[ "
                + String.join(
                        ", ",
                        sets.stream().map(s -> XlCfgWriter.quote(s.toXl())).toList()) + " ]";
    }
}
