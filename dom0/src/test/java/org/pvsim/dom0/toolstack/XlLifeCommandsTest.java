package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity and pause commands ({@code xl list}, {@code domid}, {@code domname}, {@code pause}, {@code unpause})
 * run by dom0's toolstack on a real host: xl's formats, and xl's and libxl's messages and statuses on failure.
 */
class XlLifeCommandsTest {
    /** {@code list_domains}'s row format, as a pattern: name, id, mem, vcpus, state, time. */
    private static final Pattern ROW =
            Pattern.compile("^(.{40}) (.{5}) (.{5}) (.{5})     ([-r][-b][-p][-s][-rscwS][-d])  (.{8})$");

    private static final long T = 50 * XlHost.MS;

    private XlHost host;

    @BeforeEach
    void boot() {
        host = new XlHost("credit", 2);
        host.create(XlHost.spec("web", 2, "cpu"));
        host.create(XlHost.spec("db", 1, "idle"));
    }

    private static Matcher row(String line) {
        Matcher m = ROW.matcher(line);
        assertThat(m.matches()).as("an xl list row: \"" + line + "\"").isTrue();
        return m;
    }

    @Test
    void listPrintsXlsTableInIdOrder() {
        Toolstack.XlInvocation x = host.xl(T, XlListDomains.all());

        assertThat(x.exitCode()).isZero();
        assertThat(x.err()).isEmpty();
        List<String> lines = x.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("Name                                        ID   Mem VCPUs\tState\tTime(s)");
        assertThat(lines).hasSize(4);
        assertThat(lines.stream()
                        .skip(1)
                        .map(l ->
                                row(l).group(1).strip() + "/" + row(l).group(2).strip()))
                .containsExactly("Domain-0/0", "web/1", "db/2");
        Matcher web = row(lines.get(2));
        assertThat(web.group(3).strip()).as("4096 KiB is 4 MiB").isEqualTo("4");
        assertThat(web.group(4).strip()).isEqualTo("2");
        Matcher db = row(lines.get(3));
        assertThat(db.group(5)).as("an idle domain is blocked").isEqualTo("-b----");
        assertThat(Double.parseDouble(web.group(6).strip())).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void listOfOneDomainAndOfOneThatDoesNotExist() {
        Toolstack.XlInvocation one = host.at(T, new XlListDomains(false, false, false, false, List.of("db")));
        Toolstack.XlInvocation none = host.at(T, new XlListDomains(false, false, false, false, List.of("7")));
        Toolstack.XlInvocation bad = host.at(T, new XlListDomains(false, false, false, false, List.of("nosuch")));
        host.runAll();

        assertThat(one.out().lines().toList()).hasSize(2);
        assertThat(row(one.out().lines().toList().get(1)).group(1).strip()).isEqualTo("db");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err())
                .isEqualTo("libxl: error: libxl_domain.c:356:libxl_domain_info: Domain 7:Getting domain info: No such"
                        + " process\nError: Domain '7' does not exist.\n");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("nosuch is an invalid domain identifier (rc=-6)\n");
    }

    @Test
    void listVerboseAddsUuidReasonAndLabel() {
        Toolstack.XlInvocation x = host.xl(T, new XlListDomains(false, true, false, true, List.of("web")));

        List<String> lines = x.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("Name                                        ID   Mem VCPUs\tState\tTime(s)"
                        + "   UUID                            Reason-Code\tSecurity Label         Cpupool");
        assertThat(lines.get(1))
                .endsWith(" 00000000-0000-0000-0000-000000000000        -                -          Pool-0");
    }

    @Test
    void listTakesAtMostOneDomain() {
        assertThatThrownBy(() -> new XlListDomains(false, false, false, false, List.of("a", "b")))
                .hasMessage("'xl list' takes at most one domain.");
        assertThat(new XlListDomains(true, true, false, false, List.of("web")).argv())
                .containsExactly("xl", "list", "-l", "-v", "web");
    }

    @Test
    void domidAndDomnameTranslate() {
        Toolstack.XlInvocation id = host.at(T, new XlDomid("db"));
        Toolstack.XlInvocation noId = host.at(T, new XlDomid("nosuch"));
        Toolstack.XlInvocation name = host.at(T, XlDomname.parse("1"));
        Toolstack.XlInvocation noName = host.at(T, XlDomname.parse("9"));
        Toolstack.XlInvocation dom0 = host.at(T, XlDomname.parse(" 0x1"));
        host.runAll();

        assertThat(id.out()).isEqualTo("2\n");
        assertThat(noId.exitCode()).isEqualTo(1);
        assertThat(noId.err())
                .isEqualTo("Can't get domid of domain name 'nosuch', maybe this domain does not exist.\n");
        assertThat(name.out()).isEqualTo("web\n");
        assertThat(noName.exitCode()).isEqualTo(1);
        assertThat(noName.err())
                .isEqualTo("Can't get domain name of domain id '9', maybe this domain does not exist.\n");
        assertThat(dom0.out()).as("strtol reads \" 0x1\" as 0").isEqualTo("Domain-0\n");
    }

    @Test
    void domnameReadsItsArgumentAsStrtol() {
        assertThatThrownBy(() -> XlDomname.parse("web")).hasMessage("Invalid domain id.");
        assertThat(XlDomname.parse("12abc").domid()).isEqualTo(12);
        assertThat(XlDomname.parse("-1").domid()).as("cast to uint32_t").isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void pauseAndUnpauseShowInTheListAndLogXensRefusals() {
        Toolstack.XlInvocation pause = host.at(T, new XlPause("web"));
        Toolstack.XlInvocation paused = host.at(T, new XlListDomains(false, false, false, false, List.of("web")));
        Toolstack.XlInvocation unpause = host.at(T, new XlUnpause("web"));
        Toolstack.XlInvocation again = host.at(T, new XlUnpause("web"));
        Toolstack.XlInvocation running = host.at(T, new XlListDomains(false, false, false, false, List.of("web")));
        Toolstack.XlInvocation missing = host.at(T, new XlPause("9"));
        Toolstack.XlInvocation missingU = host.at(T, new XlUnpause("9"));
        host.runAll();

        assertThat(pause.exitCode()).isZero();
        assertThat(pause.out() + pause.err()).isEmpty();
        assertThat(row(paused.out().lines().toList().get(1)).group(5)).matches("--p---");
        assertThat(unpause.exitCode()).isZero();
        assertThat(row(running.out().lines().toList().get(1)).group(5)).doesNotContain("p");
        assertThat(again.exitCode()).as("xl ignores libxl's failure").isZero();
        assertThat(again.err())
                .isEqualTo("libxl: error: libxl_domain.c:686:domain_unpause_done: Domain 1:Unpausing domain: Invalid"
                        + " argument\n");
        assertThat(missing.exitCode()).isZero();
        assertThat(missing.err())
                .isEqualTo("libxl: error: libxl_domain.c:585:libxl_domain_pause: Domain 9:Pausing domain: No such"
                        + " process\n");
        assertThat(missingU.err())
                .isEqualTo("libxl: error: libxl_dom.c:37:libxl__domain_type: Domain 9:unable to get dominfo: No such"
                        + " process\n");
    }
}
