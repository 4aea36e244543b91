package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;

/**
 * {@code xl create} typed at dom0's prompt on a running host: the domain is built with its xenstore and console,
 * {@code -p} leaves it paused until {@code xl unpause}, {@code KEY=VALUE} overrides the file, and a name already in use
 * is refused by libxl.
 */
class XlCreateOnHostTest {
    private static final long MS = XlHost.MS;

    private static final String WEB_CFG = """
            name = "web"
            memory = 8
            vcpus = 1
            extra = "workload=cpu burst=1ms"
            """;

    private static String read(XlHost host, String path) {
        try {
            return host.toolstack.xs().read(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return "<" + e.errno() + ">";
        }
    }

    @Test
    void createPausedThenUnpauseRunsTheGuestWithItsNodesAndConsole() {
        XlHost host = new XlHost("credit2", 2, true);
        Toolstack.XlInvocation create = host.at(10 * MS, XlCreate.parse("web.cfg", WEB_CFG, List.of(), true, false));
        Toolstack.XlInvocation paused = host.at(20 * MS, XlListDomains.all());
        Toolstack.XlInvocation unpause = host.at(30 * MS, new XlUnpause("web"));
        Toolstack.XlInvocation running = host.at(60 * MS, XlListDomains.all());
        Toolstack.XlInvocation console = host.at(60 * MS, new XlConsoleAttach("web", null, 0));
        host.runAll();
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.err()).isEqualTo("Parsing config from web.cfg\n");
        assertThat(create.out()).isEmpty();
        assertThat(paused.out()).containsPattern("\nweb +1 +8 +1 +--p---");
        assertThat(unpause.exitCode()).isZero();
        assertThat(running.out()).containsPattern("\nweb +1 +8 +1 +[rb-]{2}----");
        assertThat(read(host, "/local/domain/1/name")).isEqualTo("web");
        assertThat(read(host, "/local/domain/1/memory/target")).isEqualTo("8192");
        assertThat(read(host, "/local/domain/1/console/type")).isEqualTo("xenconsoled");
        assertThat(console.out()).contains("cpu: bursts of 1ms, yielding after each, forever");
    }

    @Test
    void overridesReplaceTheFilesSettingsAndATakenNameIsRefused() {
        XlHost host = new XlHost("credit2", 2, true);
        Toolstack.XlInvocation first = host.at(10 * MS, XlCreate.parse("web.cfg", WEB_CFG, List.of(), false, true));
        Toolstack.XlInvocation second = host.at(
                20 * MS, XlCreate.parse("web.cfg", WEB_CFG, List.of("name=\"web2\"", "memory=16"), false, true));
        Toolstack.XlInvocation clash = host.at(30 * MS, XlCreate.parse("web.cfg", WEB_CFG, List.of(), false, true));
        Toolstack.XlInvocation list = host.at(40 * MS, XlListDomains.all());
        host.runAll();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(list.out()).containsPattern("\nweb +1 +8 ").containsPattern("\nweb2 +2 +16 ");
        assertThat(read(host, "/local/domain/2/memory/static-max")).isEqualTo("16384");
        assertThat(clash.exitCode()).isEqualTo(3);
        assertThat(clash.err())
                .contains(
                        "libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain with name \"web\" already exists.\n");
        assertThat(list.out()).doesNotContainPattern("\nweb +3 ");
    }

    @Test
    void aBadFileIsXlsParseFailure() {
        XlHost host = new XlHost("credit2", 2, true);
        Toolstack.XlInvocation bad =
                host.at(10 * MS, XlCreate.parse("bad.cfg", "name = \"x\"\nmemory = [\n", List.of(), false, false));
        host.runAll();
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err())
                .startsWith("Parsing config from bad.cfg\n")
                .contains("bad.cfg:")
                .endsWith("Failed to parse config: Invalid argument\n");
    }
}
