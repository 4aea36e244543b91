package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.dom0.xlcfg.ShutdownAction;

/**
 * xl's per-domain daemon on a real host: when a domain the toolstack created shuts down, the action its configuration
 * names for the reason is carried out, and xenstore is cleaned up after a destroyed domain.
 */
class OnShutdownActionsTest {
    private static final long MS = XlHost.MS;

    private static DomainBuildSpec spec(String name, String cmdline, DomainShutdownActions actions) {
        DomainBuildSpec s = XlHost.spec(name, 1, "idle");
        return new DomainBuildSpec(
                s.name(),
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                s.memoryKib(),
                s.maxVcpus(),
                s.onlineVcpus(),
                s.kernel(),
                cmdline,
                s.maxEvtchnPort(),
                s.maxGrantFrames(),
                s.maxMaptrackFrames(),
                s.maxGrantVersion(),
                s.cpuWeight(),
                s.cap(),
                s.cpus(),
                s.cpusSoft(),
                s.rtdsPeriodUs(),
                s.rtdsExtratime(),
                actions);
    }

    private static DomainShutdownActions on(ShutdownAction poweroff, ShutdownAction reboot, ShutdownAction crash) {
        return new DomainShutdownActions(poweroff, reboot, ShutdownAction.DESTROY, crash, ShutdownAction.SOFT_RESET);
    }

    private static String read(XlHost host, String path) {
        try {
            return host.toolstack.xs().read(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return "<" + e.errno() + ">";
        }
    }

    /**
     * Queue every command before running: an idle dom0 sleeps until its next queued command is due, so a command
     * queued while it sleeps would wait for its next wake-up.
     */
    private static Toolstack.XlInvocation list(XlHost host, long atNs) {
        return host.at(atNs, XlListDomains.all());
    }

    /** on_reboot=restart (xl's default): destroyed, then built again 2 s later under a new id, same name and UUID. */
    @Test
    void rebootWithOnRebootRestartBringsTheDomainBackUnderANewId() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(spec("web", "workload=idle", DomainShutdownActions.DEFAULT));
        Toolstack.XlInvocation reboot = host.at(200 * MS, new XlReboot(false, 1, false, Optional.of("web")));
        Toolstack.XlInvocation between = list(host, 1_100 * MS);
        Toolstack.XlInvocation after = list(host, 2_500 * MS);
        host.runUntil(100 * MS);
        String vm = read(host, "/local/domain/1/vm");
        host.runUntil(1_000 * MS);
        assertThat(reboot.exitCode()).as(reboot.err()).isZero();
        assertThat(reboot.err()).contains("Rebooting domain 1").contains("Domain 1 has been shut down, reason code 1");

        // destroyed at once, with its nodes; not back before xl's 2 s
        assertThat(read(host, "/local/domain/1")).isEqualTo("<ENOENT>");
        assertThat(read(host, "/libxl/1/type")).isEqualTo("<ENOENT>");
        host.runAll();
        assertThat(between.out()).doesNotContain("web");
        assertThat(after.out()).containsPattern("\nweb +2 +4 +1 +[-rb]{6}");
        assertThat(read(host, "/local/domain/2/name")).isEqualTo("web");
        assertThat(read(host, "/local/domain/2/vm")).isEqualTo(vm);
        assertThat(read(host, vm + "/name")).isEqualTo("web");
        // one log per name, appended to by both domains, as xenconsoled's guest-web.log
        String log = host.toolstack.xenconsoled().logs().get("web").text();
        assertThat(log.split("pvsim PV kernel:", -1)).hasSize(3);
        assertThat(host.hv.console().text())
                .contains("xl: Domain 1 has shut down, reason code 1 0x1\n")
                .contains("xl: Action for shutdown reason code 1 is restart\n")
                .contains("xl: Domain 1 needs to be cleaned up: destroying the domain\n")
                .contains("xl: Done. Rebooting now\n")
                .contains("xl: restarted domain web (id 2)\n");
    }

    /** A guest that powers off by itself, with on_poweroff=destroy: gone, and nothing of it left in xenstore. */
    @Test
    void aGuestPoweringOffIsDestroyedAndItsXenstoreNodesRemoved() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(spec("job", "workload=cpu burst=1ms iterations=50", DomainShutdownActions.DEFAULT));
        host.runUntil(20 * MS);
        String vm = read(host, "/local/domain/1/vm");
        assertThat(vm).as(host.hv.console().text()).startsWith("/vm/");
        host.runUntil(300 * MS);
        assertThat(host.hv.domains().all()).extracting(d -> d.domid()).containsExactly(0);
        assertThat(read(host, "/local/domain/1")).isEqualTo("<ENOENT>");
        assertThat(read(host, vm)).isEqualTo("<ENOENT>");
        assertThat(read(host, "/libxl/1")).isEqualTo("<ENOENT>");
        assertThat(host.toolstack.xenconsoled().served()).isEmpty();
        assertThat(host.toolstack.xenconsoled().logs().get("job").text()).contains("cpu: 50 bursts done; powering off");
        assertThat(host.hv.console().text()).contains("xl: Action for shutdown reason code 0 is destroy\n");
    }

    /** on_poweroff=preserve: the domain stays, shut down, with its nodes, for inspection; a later destroy cleans up. */
    @Test
    void preserveKeepsTheShutDownDomain() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(spec(
                "kept",
                "workload=cpu burst=1ms iterations=3",
                on(ShutdownAction.PRESERVE, ShutdownAction.RESTART, ShutdownAction.DESTROY)));
        Toolstack.XlInvocation listed = list(host, 400 * MS);
        Toolstack.XlInvocation destroy = host.at(500 * MS, new XlDestroy(false, "kept"));
        host.runUntil(450 * MS);
        assertThat(listed.out()).containsPattern("\nkept +1 +4 +1 +---s--");
        assertThat(read(host, "/local/domain/1/name")).isEqualTo("kept");
        host.runAll();
        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        assertThat(read(host, "/local/domain/1")).isEqualTo("<ENOENT>");
    }

    /** on_reboot=rename-restart: the old domain is kept under NAME-<time>, a new one is built under NAME. */
    @Test
    void renameRestartKeepsTheOldDomainUnderATimeSuffix() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(spec(
                "db",
                "workload=idle",
                on(ShutdownAction.DESTROY, ShutdownAction.RENAME_RESTART, ShutdownAction.DESTROY)));
        host.at(200 * MS, new XlReboot(false, 0, false, Optional.of("db")));
        Toolstack.XlInvocation listed = list(host, 2_500 * MS);
        host.runAll();
        assertThat(listed.out())
                .containsPattern("\ndb-19700101T0000Z +1 +4 +1 +---sr-")
                .containsPattern("\ndb +2 +4 +1 ");
        assertThat(read(host, "/local/domain/1/name")).isEqualTo("db-19700101T0000Z");
    }

    /** A kernel panic (SHUTDOWN_crash) with on_crash=restart restarts the domain every time, 2 s apart. */
    @Test
    void aCrashingGuestIsRestartedByOnCrashRestart() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(spec(
                "crashy",
                "workload=bogus",
                on(ShutdownAction.DESTROY, ShutdownAction.RESTART, ShutdownAction.RESTART)));
        host.runUntil(4_500 * MS);
        assertThat(host.hv.console().text())
                .contains("xl: Domain 1 has shut down, reason code 3 0x3\n")
                .contains("xl: restarted domain crashy (id 2)\n")
                .contains("xl: restarted domain crashy (id 3)\n");
        assertThat(host.toolstack.xenconsoled().logs().get("crashy").text())
                .contains("kernel panic: unknown workload \"bogus\"");
    }

    /** Destroying a domain by hand is not a shutdown: the daemon forgets it and does not restart it. */
    @Test
    void xlDestroyIsNotRestarted() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(spec("gone", "workload=idle", DomainShutdownActions.DEFAULT));
        host.at(200 * MS, new XlDestroy(false, "gone"));
        host.runUntil(3_000 * MS);
        assertThat(host.hv.domains().all()).extracting(d -> d.domid()).containsExactly(0);
        assertThat(host.hv.console().text()).doesNotContain("restarted domain");
    }

    /** xl.cfg's defaults, by shutdown code; suspend keeps waiting, an unknown code destroys. */
    @Test
    void theDefaultActionsAreXls() {
        assertThat(DomainShutdownActions.DEFAULT.forReason(0)).isEqualTo(ShutdownAction.DESTROY);
        assertThat(DomainShutdownActions.DEFAULT.forReason(1)).isEqualTo(ShutdownAction.RESTART);
        assertThat(DomainShutdownActions.DEFAULT.forReason(2)).isNull();
        assertThat(DomainShutdownActions.DEFAULT.forReason(3)).isEqualTo(ShutdownAction.DESTROY);
        assertThat(DomainShutdownActions.DEFAULT.forReason(4)).isEqualTo(ShutdownAction.DESTROY);
        assertThat(DomainShutdownActions.DEFAULT.forReason(5)).isEqualTo(ShutdownAction.SOFT_RESET);
        assertThat(DomainShutdownActions.DEFAULT.forReason(99)).isEqualTo(ShutdownAction.DESTROY);
        assertThatThrownBy(() -> new DomainShutdownActions(null, null, null, null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
