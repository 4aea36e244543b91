package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.xlcfg.CpuAffinity;
import org.pvsim.dom0.xlcfg.CpuSet;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;

/**
 * {@code xl vcpu-list} and {@code xl vcpu-pin} run by dom0's toolstack on a real host (round-robin, 4 pCPUs): xl's
 * table, the affinity a pin sets as both xl and the hypervisor see it, and xl's and libxl's messages on failure. Also
 * the scheduler commands' behaviour under a scheduler that is not theirs, and {@code cpus}/{@code cpus_soft} applied
 * at creation.
 */
class XlVcpuCommandsTest {
    private static final String HEADER =
            "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n";
    /** A row of xl vcpu-list: name, id, vCPU, CPU, state, time, hard / soft. */
    private static final String ROW = "^(.{32}) (.{5}) (.{5})(.{5}) (.{3})(.)(.) (.{9})  (\\S+) / (\\S+)$";

    /** When the commands are typed: the domains are built by then. */
    private static final long T = 50 * XlHost.MS;

    private XlHost host;

    @BeforeEach
    void boot() {
        host = new XlHost("rr", 4);
        host.create(new DomainBuildSpec(
                "web", new byte[16], 4096, 2, 1, "pvsim-pv", "workload=cpu pvsim.vcpus=1", 1023, 64, 1024, 2));
        host.create(XlHost.spec("db", 1, "idle"));
    }

    private Toolstack.XlInvocation at(XlCommand c) {
        return host.at(T, c);
    }

    private static XlCommand.VcpuList list(String... domains) {
        return new XlCommand.VcpuList(List.of(domains));
    }

    private static XlCommand.VcpuPin pin(String domain, int vcpu, String hard, String soft) {
        return new XlCommand.VcpuPin(
                domain,
                vcpu,
                hard.equals("-") ? Optional.empty() : Optional.of(XlCpuList.parse(hard)),
                soft == null || soft.equals("-") ? Optional.empty() : Optional.of(XlCpuList.parse(soft)),
                false);
    }

    private static String[] row(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(ROW).matcher(line);
        assertThat(m.matches()).as("an xl vcpu-list row: \"" + line + "\"").isTrue();
        String[] f = new String[10];
        for (int i = 0; i < 10; i++) {
            f[i] = m.group(i + 1).strip();
        }
        return f;
    }

    @Test
    void vcpuListPrintsXlsTableForEveryDomain() {
        Toolstack.XlInvocation x = at(list());
        host.runAll();

        assertThat(x.exitCode()).isZero();
        assertThat(x.err()).isEmpty();
        List<String> lines = x.out().lines().toList();
        assertThat(x.out()).startsWith(HEADER);
        assertThat(lines).hasSize(5);
        assertThat(lines.stream().skip(1).map(l -> row(l)[0] + "/" + row(l)[1] + "/" + row(l)[2]))
                .containsExactly("Domain-0/0/0", "web/1/0", "web/1/1", "db/2/0");
        assertThat(lines.get(3))
                .as("an offline vCPU: no CPU, state --p")
                .isEqualTo("web                                  1     1    -   --p       0.0  all / all");
        String[] web0 = row(lines.get(2));
        assertThat(web0[4] + web0[5] + web0[6]).matches("[r-]-[-]");
        assertThat(web0[7]).matches("[0-9]+\\.[0-9]");
        String[] dom0 = row(lines.get(1));
        assertThat(dom0[4]).as("dom0's vCPU 0 is running the command").isEqualTo("r");
        assertThat(Integer.parseInt(dom0[3]))
                .isEqualTo(host.hv.domains().get(0).vcpu(0).processor());
    }

    @Test
    void vcpuListOfNamedDomainsAndOfAMissingOne() {
        Toolstack.XlInvocation x = at(list("db", "9", "web"));
        Toolstack.XlInvocation bad = at(list("web", "nosuch", "db"));
        host.runAll();

        assertThat(x.exitCode()).isZero();
        assertThat(x.out().lines().skip(1).map(l -> row(l)[0]).toList()).containsExactly("db", "web", "web");
        assertThat(x.err())
                .isEqualTo("libxl: error: libxl_domain.c:1671:libxl_list_vcpu: Domain 9:Getting dominfo: No such"
                        + " process\n");

        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out().lines().skip(1).map(l -> row(l)[0]).toList())
                .as("xl stops at the unknown name")
                .containsExactly("web", "web");
        assertThat(bad.err()).isEqualTo("nosuch is an invalid domain identifier (rc=-6)\n");
    }

    @Test
    void vcpuPinSetsTheAffinityThatVcpuListAndTheHypervisorShow() {
        Toolstack.XlInvocation x = at(pin("web", 0, "2", "1-3"));
        Toolstack.XlInvocation now = at(list("web"));
        Toolstack.XlInvocation later = host.at(T + 30 * XlHost.MS, list("web"));
        host.runAll();
        assertThat(x.exitCode()).isZero();
        assertThat(x.out()).isEmpty();
        assertThat(x.err()).isEmpty();

        Vcpu v = host.hv.domains().get(1).vcpu(0);
        assertThat(v.hardAffinity()).isEqualTo(mask(2));
        assertThat(v.softAffinity()).isEqualTo(mask(1, 2, 3));
        String[] r = row(now.out().lines().toList().get(1));
        assertThat(r[8] + " / " + r[9]).isEqualTo("2 / 1-3");
        assertThat(row(later.out().lines().toList().get(1))[3])
                .as("it runs where it is pinned")
                .isEqualTo("2");
    }

    private static CpuMask mask(int... cpus) {
        CpuMask m = CpuMask.none(4);
        for (int c : cpus) {
            m.set(c);
        }
        return m;
    }

    @Test
    void vcpuPinAllWithADashChangesOnlyTheSoftAffinityOfEveryVcpu() {
        Toolstack.XlInvocation p = at(pin("1", -1, "-", "3"));
        Toolstack.XlInvocation l = at(list("web"));
        host.runAll();

        assertThat(p.exitCode()).isZero();
        List<String> rows = l.out().lines().skip(1).toList();
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r).endsWith("  all / 3"));
    }

    @Test
    void vcpuPinFailuresPrintXlsAndLibxlsMessages() {
        Toolstack.XlInvocation badVcpu = at(pin("web", 7, "1", null));
        Toolstack.XlInvocation badName = at(pin("nosuch", 0, "1", null));
        Toolstack.XlInvocation empty = at(pin("web", 0, "0-3,^0-3", null));
        Toolstack.XlInvocation noDomain = at(pin("9", 0, "1", null));
        Toolstack.XlInvocation nothing = at(pin("web", 0, "-", "-"));
        Toolstack.XlInvocation disjoint = at(pin("web", 0, "1", "3"));
        host.runAll();

        assertThat(badVcpu.exitCode()).isEqualTo(1);
        assertThat(badVcpu.err())
                .isEqualTo("libxl: error: libxl_sched.c:62:libxl__set_vcpuaffinity: Domain 1:Setting vcpu affinity:"
                        + " Invalid argument\nCould not set affinity for vcpu `7'.\n");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err()).isEqualTo("nosuch is an invalid domain identifier (rc=-6)\n");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).isEqualTo("vcpu hard affinity map is empty\n");
        assertThat(noDomain.exitCode()).isEqualTo(1);
        assertThat(noDomain.err())
                .isEqualTo("libxl: error: libxl_domain.c:356:libxl_domain_info: Domain 9:Getting domain info: No such"
                        + " process\nCould not get domain info\n");
        assertThat(nothing.exitCode())
                .as("nothing to set: libxl refuses without a word")
                .isEqualTo(1);
        assertThat(nothing.err()).isEqualTo("Could not set affinity for vcpu `0'.\n");
        assertThat(disjoint.exitCode())
                .as("a soft map outside the hard one is allowed, with libxl's warning")
                .isZero();
        assertThat(disjoint.err())
                .isEqualTo(
                        "libxl: warning: libxl_sched.c:84:libxl__set_vcpuaffinity: Domain 1:All cpus in soft"
                                + " affinity of vcpu 0 are unreachable. Only hard affinity will be considered for scheduling\n");
        assertThat(host.hv.domains().get(1).vcpu(0).hardAffinity()).isEqualTo(mask(1));
    }

    @Test
    void underAnotherSchedulerTheSchedCommandsDoAsXlDoes() {
        List<Toolstack.XlInvocation> lists = new java.util.ArrayList<>();
        for (XlCommand c : List.<XlCommand>of(
                new XlCommand.SchedCredit(Optional.empty(), none(), none(), false, none(), none(), none()),
                new XlCommand.SchedCredit2(Optional.empty(), none(), none(), false, none()),
                new XlCommand.SchedRtds(Optional.empty(), List.of(), false, List.of(), List.of(), List.of()))) {
            lists.add(at(c));
        }
        Toolstack.XlInvocation get =
                at(new XlCommand.SchedCredit(Optional.of("web"), none(), none(), false, none(), none(), none()));
        Toolstack.XlInvocation set =
                at(new XlCommand.SchedCredit2(Optional.of("web"), OptionalInt.of(512), none(), false, none()));
        Toolstack.XlInvocation pool =
                at(new XlCommand.SchedCredit(Optional.empty(), none(), none(), true, none(), none(), none()));
        host.runAll();

        for (Toolstack.XlInvocation x : lists) {
            assertThat(x.out() + x.err())
                    .as("no pool runs " + x.command().name() + ": xl lists nothing")
                    .isEmpty();
            assertThat(x.exitCode()).isZero();
        }
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.out()).isEqualTo("Name" + " ".repeat(32) + "ID Weight  Cap\n");
        assertThat(get.err())
                .isEqualTo("libxl: error: libxl_sched.c:901:libxl_domain_sched_params_get: Domain 1:Unknown"
                        + " scheduler\nlibxl_domain_sched_params_get failed.\n");
        assertThat(set.exitCode()).isEqualTo(1);
        assertThat(set.out()).isEmpty();
        assertThat(set.err())
                .isEqualTo("libxl: error: libxl_sched.c:435:sched_credit2_domain_set: Domain 1:Getting domain sched"
                        + " credit2: Invalid argument\nlibxl_domain_sched_params_set failed.\n");
        assertThat(pool.exitCode()).isZero();
        assertThat(pool.out()).isEqualTo("Cpupool Pool-0: [sched params unavailable]\n");
        assertThat(pool.err())
                .isEqualTo("libxl: error: libxl_sched.c:285:libxl_sched_credit_params_get: getting Credit scheduler"
                        + " parameters: Invalid argument\nlibxl_sched_credit_params_get failed.\n");
    }

    private static OptionalInt none() {
        return OptionalInt.empty();
    }

    @Test
    void cpusAndCpusSoftAreAppliedWhenTheDomainIsBuilt() {
        Toolstack.Creation c = host.create(new DomainBuildSpec(
                "pinned",
                new byte[16],
                4096,
                2,
                2,
                "pvsim-pv",
                "workload=idle pvsim.vcpus=2",
                1023,
                64,
                1024,
                2,
                512,
                50,
                CpuAffinity.forEveryVcpu(CpuSet.parse("1-2")),
                CpuAffinity.perVcpu(List.of(CpuSet.parse("1"), CpuSet.parse("all,^1"))),
                20_000,
                false));
        Toolstack.XlInvocation l = at(list("pinned"));
        host.runAll();
        List<String> rows = l.out().lines().skip(1).toList();

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).endsWith("  1-2 / 1");
        assertThat(rows.get(1)).endsWith("  1-2 / 0,2-3");
        assertThat(c.warnings())
                .containsExactly(
                        "pinned: cpu_weight=512 is ignored: the rr scheduler has no such parameter",
                        "pinned: cap=50 is ignored: the rr scheduler has no such parameter",
                        "pinned: period=20000 is ignored: the rr scheduler has no such parameter",
                        "pinned: extratime=0 is ignored: the rr scheduler has no such parameter");
    }

    @Test
    void anAffinityXenRefusesFailsTheCreationAndDestroysTheDomain() {
        Toolstack.Creation c = host.toolstack.create(new DomainBuildSpec(
                "nowhere",
                new byte[16],
                4096,
                1,
                1,
                "pvsim-pv",
                "workload=idle",
                1023,
                64,
                1024,
                2,
                256,
                0,
                CpuAffinity.forEveryVcpu(CpuSet.parse("7")),
                CpuAffinity.NONE,
                10_000,
                true));
        host.runUntil(20 * XlHost.MS);

        assertThat(c.isDone()).isTrue();
        assertThat(c.error()).isEqualTo("setting affinity failed on vcpu `0'");
        assertThat(host.hv.domains().get(3)).isNull();
    }

    @Test
    void theSameCommandOnTheSameHostPrintsTheSameText() {
        XlHost other = new XlHost("rr", 4);
        other.create(new DomainBuildSpec(
                "web", new byte[16], 4096, 2, 1, "pvsim-pv", "workload=cpu pvsim.vcpus=1", 1023, 64, 1024, 2));
        other.create(XlHost.spec("db", 1, "idle"));

        assertThat(other.xl(T, list()).transcript())
                .isEqualTo(host.xl(T, list()).transcript());
    }
}
