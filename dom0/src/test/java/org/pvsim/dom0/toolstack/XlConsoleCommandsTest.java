package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code xl console} and {@code xl dmesg} on a host whose dom0 runs xenconsoled. */
class XlConsoleCommandsTest {
    private static final long MS = XlHost.MS;

    /** The first attach shows everything the guest wrote on its PV console; the next only what came since. */
    @Test
    void consoleShowsWhatTheGuestWroteSinceTheLastAttach() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(XlHost.spec("web", 1, "cpu burst=1ms iterations=40"));
        Toolstack.XlInvocation first = host.at(10 * MS, new XlConsoleAttach("web", null, 0));
        Toolstack.XlInvocation second = host.at(20 * MS, new XlConsoleAttach("1", "pv", 0));
        Toolstack.XlInvocation third = host.at(30 * MS, new XlConsoleAttach("web", null, 0));
        host.runAll();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .startsWith("pvsim PV kernel: xen-3.0-x86_64, 1024 pages (4096 KiB), unprivileged;")
                .contains("\nxenbus: xenstore ring at pfn ")
                .contains("\ncpu: bursts of 1ms, yielding after each, 40 in all\n");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).isEmpty();
        assertThat(third.out()).isEmpty();
        // the whole log stays, for the run folder's console/guest-web.log
        assertThat(host.toolstack.xenconsoled().logs().get("web").text()).isEqualTo(first.out());
        // the guest's lines went to its ring, not to Xen's console
        assertThat(host.hv.console().text()).doesNotContain("(d1)");
    }

    /** Only PV console 0 exists; an unknown domain is xl's usual error. */
    @Test
    void otherConsolesAndUnknownDomainsFailAsInXl() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(XlHost.spec("web", 1, "idle"));
        Toolstack.XlInvocation serial = host.at(10 * MS, new XlConsoleAttach("web", "serial", 0));
        Toolstack.XlInvocation second = host.at(10 * MS, new XlConsoleAttach("web", "pv", 1));
        Toolstack.XlInvocation unknown = host.at(10 * MS, new XlConsoleAttach("nosuch", null, 0));
        Toolstack.XlInvocation dom0 = host.at(10 * MS, new XlConsoleAttach("0", null, 0));
        host.runAll();
        assertThat(serial.exitCode()).isEqualTo(1);
        assertThat(serial.err()).isEqualTo("Unable to attach console\n");
        assertThat(second.err()).isEqualTo("Unable to attach console\n");
        assertThat(dom0.err()).isEqualTo("Unable to attach console\n");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("nosuch is an invalid domain identifier (rc=-6)\n");
        assertThatThrownBy(() -> new XlConsoleAttach("web", "vga", 0))
                .hasMessage("console type supported are: pv, serial, vuart");
    }

    /** Without event channels there is no xenconsoled: the guest writes to Xen's console, and xl console fails. */
    @Test
    void withoutXenconsoledTheGuestUsesXensConsole() {
        XlHost host = new XlHost("credit2", 2, false);
        host.create(XlHost.spec("web", 1, "idle"));
        Toolstack.XlInvocation c = host.at(10 * MS, new XlConsoleAttach("web", null, 0));
        host.runAll();
        assertThat(c.err()).isEqualTo("Unable to attach console\n");
        assertThat(host.hv.console().text()).contains("(d1) pvsim PV kernel:");
    }

    /** xl dmesg prints Xen's console ring; -c clears it, so the next dmesg shows only what came after. */
    @Test
    void dmesgReadsAndClearsXensConsoleRing() {
        XlHost host = new XlHost("credit2", 2, false);
        host.create(XlHost.spec("web", 1, "idle"));
        Toolstack.XlInvocation all = host.at(10 * MS, new XlDmesg(false));
        Toolstack.XlInvocation again = host.at(11 * MS, new XlDmesg(false));
        Toolstack.XlInvocation clear = host.at(12 * MS, new XlDmesg(true));
        Toolstack.XlInvocation after = host.at(13 * MS, new XlDmesg(false));
        host.runAll();
        assertThat(all.exitCode()).isZero();
        assertThat(all.out())
                .startsWith("pvsim PV kernel: xen-3.0-x86_64")
                .contains("xl: created domain web (id 1)\n")
                .contains("(d1) pvsim PV kernel:");
        assertThat(again.out()).isEqualTo(all.out());
        assertThat(clear.out()).isEqualTo(all.out());
        assertThat(after.out()).isEmpty();
        assertThat(new XlDmesg(true).argv()).containsExactly("xl", "dmesg", "-c");
    }
}
