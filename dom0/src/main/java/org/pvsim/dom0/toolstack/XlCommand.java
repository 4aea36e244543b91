package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@code xl} scheduling command, parsed, as dom0's toolstack runs it ({@link Toolstack#xl}). Each record checks its
 * arguments as xl's {@code main_*} function does before it makes any call ({@code tools/xl/xl_sched.c}, {@code
 * xl_vcpu.c}) and refuses bad ones with {@link IllegalArgumentException}, whose message is xl's own text ({@code
 * "Must specify a domain."}); what needs the host (a domain that does not exist, another scheduler running) is found
 * when dom0 runs the command, and reported on its standard error as xl and libxl do.
 *
 * <p>A domain is named as xl takes it ({@code find_domain}): all digits is a domain id, anything else a name.
 *
 * <p>The scheduling and vCPU commands are the records below; every other command is a record of its own file that
 * also implements {@link XlRunnable}, which runs it.
 */
public interface XlCommand {

    /** The xl subcommand ({@code sched-credit}). */
    String name();

    /** The command line that would run it: {@code xl sched-credit -d web -w 512}. */
    List<String> argv();

    /**
     * {@code xl sched-credit [-d DOMAIN [-w WEIGHT] [-c CAP]] [-s [-t TSLICE] [-r RATELIMIT] [-m DELAY]]}.
     *
     * @param domain {@code -d}
     * @param weight {@code -w}
     * @param cap {@code -c}
     * @param schedparam {@code -s}: the pool's parameters instead of a domain's
     * @param tsliceMs {@code -t}
     * @param ratelimitUs {@code -r}
     * @param migrationDelayUs {@code -m}
     */
    record SchedCredit(
            Optional<String> domain,
            OptionalInt weight,
            OptionalInt cap,
            boolean schedparam,
            OptionalInt tsliceMs,
            OptionalInt ratelimitUs,
            OptionalInt migrationDelayUs)
            implements XlCommand {
        /** xl's checks, in its order. */
        public SchedCredit {
            Objects.requireNonNull(domain, "domain");
            if (schedparam && (domain.isPresent() || weight.isPresent() || cap.isPresent())) {
                throw new IllegalArgumentException(
                        "Specifying a cpupool or schedparam is not allowed with domain options.");
            }
            if (domain.isEmpty() && (weight.isPresent() || cap.isPresent())) {
                throw new IllegalArgumentException("Must specify a domain.");
            }
            if (!schedparam && (tsliceMs.isPresent() || ratelimitUs.isPresent() || migrationDelayUs.isPresent())) {
                throw new IllegalArgumentException("Must specify schedparam to set schedule parameter values.");
            }
        }

        @Override
        public String name() {
            return "sched-credit";
        }

        @Override
        public List<String> argv() {
            XlArgv a = new XlArgv(name());
            a.opt("-d", domain);
            a.opt("-w", weight);
            a.opt("-c", cap);
            a.flag("-s", schedparam);
            a.opt("-t", tsliceMs);
            a.opt("-r", ratelimitUs);
            a.opt("-m", migrationDelayUs);
            return List.copyOf(a.list);
        }
    }

    /**
     * {@code xl sched-credit2 [-d DOMAIN [-w WEIGHT] [-c CAP]] [-s [-r RATELIMIT]]}.
     *
     * @param domain {@code -d}
     * @param weight {@code -w}
     * @param cap {@code -c}
     * @param schedparam {@code -s}: the pool's parameters instead of a domain's
     * @param ratelimitUs {@code -r} (used only with {@code -s}, as in xl)
     */
    record SchedCredit2(
            Optional<String> domain, OptionalInt weight, OptionalInt cap, boolean schedparam, OptionalInt ratelimitUs)
            implements XlCommand {
        /** xl's checks, in its order. */
        public SchedCredit2 {
            Objects.requireNonNull(domain, "domain");
            if (domain.isEmpty() && (weight.isPresent() || cap.isPresent())) {
                throw new IllegalArgumentException("Must specify a domain.");
            }
        }

        @Override
        public String name() {
            return "sched-credit2";
        }

        @Override
        public List<String> argv() {
            XlArgv a = new XlArgv(name());
            a.opt("-d", domain);
            a.opt("-w", weight);
            a.opt("-c", cap);
            a.flag("-s", schedparam);
            a.opt("-r", ratelimitUs);
            return List.copyOf(a.list);
        }
    }

    /**
     * {@code xl sched-rtds [-d DOMAIN] [-v VCPU|all ...] [-p PERIOD -b BUDGET -e 0|1 ...]}: periods and budgets in µs;
     * the i-th {@code -p}, {@code -b} and {@code -e} go with the i-th {@code -v}.
     *
     * @param domain {@code -d}
     * @param vcpus the numbered {@code -v}s, in order
     * @param allVcpus whether {@code -v all} was given
     * @param periods the {@code -p}s
     * @param budgets the {@code -b}s
     * @param extratimes the {@code -e}s (each 0 or 1)
     */
    record SchedRtds(
            Optional<String> domain,
            List<Integer> vcpus,
            boolean allVcpus,
            List<Integer> periods,
            List<Integer> budgets,
            List<Integer> extratimes)
            implements XlCommand {
        /** xl's checks, in its order. */
        public SchedRtds {
            Objects.requireNonNull(domain, "domain");
            vcpus = List.copyOf(vcpus);
            periods = List.copyOf(periods);
            budgets = List.copyOf(budgets);
            extratimes = List.copyOf(extratimes);
            for (int e : extratimes) {
                if (e != 0 && e != 1) {
                    throw new IllegalArgumentException("Invalid extratime.");
                }
            }
            boolean p = !periods.isEmpty();
            boolean b = !budgets.isEmpty();
            boolean e = !extratimes.isEmpty();
            boolean v = !vcpus.isEmpty();
            if (domain.isEmpty() && (p || b || e || v)) {
                throw new IllegalArgumentException("Missing parameters.");
            }
            if (domain.isPresent() && !v && !allVcpus && (p || b || e)) {
                throw new IllegalArgumentException("Must specify VCPU.");
            }
            if (v && allVcpus) {
                throw new IllegalArgumentException("Incorrect VCPU IDs.");
            }
            if ((vcpus.size() > budgets.size() && b)
                    || (vcpus.size() > periods.size() && p)
                    || (vcpus.size() > extratimes.size() && e)
                    || periods.size() != budgets.size()
                    || periods.size() != extratimes.size()) {
                throw new IllegalArgumentException("Incorrect number of period, budget and extratime");
            }
        }

        /** Whether the command sets parameters (it has periods, budgets and extratimes). */
        public boolean sets() {
            return !periods.isEmpty();
        }

        @Override
        public String name() {
            return "sched-rtds";
        }

        @Override
        public List<String> argv() {
            XlArgv a = new XlArgv(name());
            a.opt("-d", domain);
            vcpus.forEach(x -> a.opt("-v", Optional.of(Integer.toString(x))));
            if (allVcpus) {
                a.opt("-v", Optional.of("all"));
            }
            periods.forEach(x -> a.opt("-p", Optional.of(Integer.toString(x))));
            budgets.forEach(x -> a.opt("-b", Optional.of(Integer.toString(x))));
            extratimes.forEach(x -> a.opt("-e", Optional.of(Integer.toString(x))));
            return List.copyOf(a.list);
        }
    }

    /**
     * {@code xl vcpu-list [DOMAIN ...]}: every domain's vCPUs, or the named domains'.
     *
     * @param domains the domains named, in order (none: every domain)
     */
    record VcpuList(List<String> domains) implements XlCommand {
        /** Copies the list. */
        public VcpuList {
            domains = List.copyOf(domains);
        }

        @Override
        public String name() {
            return "vcpu-list";
        }

        @Override
        public List<String> argv() {
            List<String> a = new ArrayList<>(List.of("xl", name()));
            a.addAll(domains);
            return List.copyOf(a);
        }
    }

    /**
     * {@code xl vcpu-pin [-f] DOMAIN VCPU|all HARD|- [SOFT|-]}.
     *
     * @param domain the domain
     * @param vcpu the vCPU, or -1 for {@code all}
     * @param hard the hard affinity, or empty for {@code -} (leave it)
     * @param soft the soft affinity, or empty for {@code -} or not given
     * @param force {@code -f}: undo a {@code SCHEDOP_pin_override} ({@code XEN_VCPUAFFINITY_FORCE})
     */
    record VcpuPin(String domain, int vcpu, Optional<XlCpuList> hard, Optional<XlCpuList> soft, boolean force)
            implements XlCommand {
        /** xl's checks. */
        public VcpuPin {
            Objects.requireNonNull(domain, "domain");
            if (vcpu < -1) {
                throw new IllegalArgumentException("Error: Invalid argument " + vcpu + " as VCPU.");
            }
            if (force && vcpu == -1) {
                throw new IllegalArgumentException("Error: --force and 'all' as VCPU not allowed.");
            }
        }

        /**
         * The VCPU argument as xl reads it ({@code strtol}, then {@code "all"}): a number (leading digits count, as
         * for {@code strtol}), or -1 for {@code all}.
         *
         * @throws IllegalArgumentException with xl's message for anything else
         */
        public static int parseVcpu(String text) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("^\\s*([+-]?\\d+)").matcher(text);
            if (m.find()) {
                long v;
                try {
                    v = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    v = Long.MAX_VALUE;
                }
                if (v >= 0) {
                    return (int) Math.min(v, Integer.MAX_VALUE);
                }
            }
            if (!text.equals("all")) {
                throw new IllegalArgumentException("Error: Invalid argument " + text + " as VCPU.");
            }
            return -1;
        }

        @Override
        public String name() {
            return "vcpu-pin";
        }

        @Override
        public List<String> argv() {
            List<String> a = new ArrayList<>(List.of("xl", name()));
            if (force) {
                a.add("-f");
            }
            a.add(domain);
            a.add(vcpu == -1 ? "all" : Integer.toString(vcpu));
            a.add(hard.map(XlCpuList::text).orElse("-"));
            soft.ifPresent(s -> a.add(s.text()));
            return List.copyOf(a);
        }
    }
}
