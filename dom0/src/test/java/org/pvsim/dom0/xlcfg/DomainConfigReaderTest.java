package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainConfigReaderTest {

    static CheckedDomainConfig read(String text) throws XlCfgException {
        return DomainConfigReader.read(XlCfgParser.parse(text, XlCfgSource.file("web.cfg")));
    }

    static DomainConfig config(String text) throws XlCfgException {
        return read(text).config();
    }

    static String refusal(String text) {
        try {
            read(text);
        } catch (XlCfgException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal of: " + text);
    }

    static List<String> warnings(String text) throws XlCfgException {
        return read(text).warnings().stream().map(XlCfgWarning::toString).toList();
    }

    @Nested
    class Defaults {

        @Test
        void aConfigWithOnlyANameGetsXlsDefaults() throws XlCfgException {
            DomainConfig config = config("name = \"web\"");
            assertThat(config.name()).isEqualTo("web");
            assertThat(config.memoryMib()).isEqualTo(128);
            assertThat(config.maxmemMib()).isEqualTo(128);
            assertThat(config.vcpus()).isEqualTo(1);
            assertThat(config.maxvcpus()).isEqualTo(1);
            assertThat(config.kernel()).isEqualTo("pvsim-pv");
            assertThat(config.cmdline()).isNull();
            assertThat(config.root()).isNull();
            assertThat(config.extra()).isNull();
            assertThat(config.onPoweroff()).isEqualTo(ShutdownAction.DESTROY);
            assertThat(config.onReboot()).isEqualTo(ShutdownAction.RESTART);
            assertThat(config.onWatchdog()).isEqualTo(ShutdownAction.DESTROY);
            assertThat(config.onCrash()).isEqualTo(ShutdownAction.DESTROY);
            assertThat(config.onSoftReset()).isEqualTo(ShutdownAction.SOFT_RESET);
            assertThat(config.maxEventChannels()).isEqualTo(1023);
            assertThat(config.maxGrantFrames()).isEqualTo(64);
            assertThat(config.maxMaptrackFrames()).isEqualTo(1024);
            assertThat(config.maxGrantVersion()).isEqualTo(2);
            assertThat(config.cpuWeight()).isEqualTo(256);
            assertThat(config.cap()).isZero();
            assertThat(config.cpus()).isEqualTo(CpuAffinity.NONE);
            assertThat(config.cpusSoft()).isEqualTo(CpuAffinity.NONE);
            assertThat(config.periodUs()).isEqualTo(10_000);
            assertThat(config.extratime()).isTrue();
            assertThat(config.pending()).isEmpty();
            assertThat(config.unknown()).isEmpty();
            assertThat(read("name = \"web\"").warnings()).isEmpty();
        }

        @Test
        void maxmemDefaultsToMemoryAndMaxvcpusToVcpus() throws XlCfgException {
            DomainConfig config = config("name = 'a'\nmemory = 256\nvcpus = 3");
            assertThat(config.maxmemMib()).isEqualTo(256);
            assertThat(config.maxvcpus()).isEqualTo(3);
            assertThat(config.memoryKib()).isEqualTo(256 * 1024);
            assertThat(config.maxmemKib()).isEqualTo(256 * 1024);
        }
    }

    @Nested
    class SimulatedKeys {

        @Test
        void everySimulatedKeyIsRead() throws XlCfgException {
            DomainConfig config = config(String.join(
                    "\n",
                    "name = 'db'",
                    "type = 'pv'",
                    "memory = 0x100",
                    "maxmem = '1024'",
                    "vcpus = 2",
                    "maxvcpus = 04",
                    "kernel = 'pvsim-pv'",
                    "extra = 'quiet'",
                    "on_poweroff = 'preserve'",
                    "on_reboot = 'rename-restart'",
                    "on_watchdog = 'coredump-destroy'",
                    "on_crash = 'coredump-restart'",
                    "on_soft_reset = 'destroy'",
                    "max_event_channels = 4095",
                    "max_grant_frames = 32",
                    "max_maptrack_frames = 0",
                    "max_grant_version = 1"));
            assertThat(config.memoryMib()).isEqualTo(256);
            assertThat(config.maxmemMib()).isEqualTo(1024);
            assertThat(config.vcpus()).isEqualTo(2);
            assertThat(config.maxvcpus()).isEqualTo(4);
            assertThat(config.extra()).isEqualTo("quiet");
            assertThat(config.onPoweroff()).isEqualTo(ShutdownAction.PRESERVE);
            assertThat(config.onReboot()).isEqualTo(ShutdownAction.RENAME_RESTART);
            assertThat(config.onWatchdog()).isEqualTo(ShutdownAction.COREDUMP_DESTROY);
            assertThat(config.onCrash()).isEqualTo(ShutdownAction.COREDUMP_RESTART);
            assertThat(config.onSoftReset()).isEqualTo(ShutdownAction.DESTROY);
            assertThat(config.maxEventChannels()).isEqualTo(4095);
            assertThat(config.maxGrantFrames()).isEqualTo(32);
            assertThat(config.maxMaptrackFrames()).isZero();
            assertThat(config.maxGrantVersion()).isEqualTo(1);
        }

        @Test
        void aNumberIsAcceptedWhereAStringIsWanted() throws XlCfgException {
            assertThat(config("name = 42").name()).isEqualTo("42");
        }

        @Test
        void builderGenericIsTheOldSpellingOfPv() throws XlCfgException {
            assertThat(read("name = 'a'\nbuilder = 'generic'").warnings()).isEmpty();
        }

        @Test
        void theKernelCommandLineIsBuiltAsXlBuildsIt() throws XlCfgException {
            assertThat(config("name='a'").kernelCommandLine()).isEmpty();
            assertThat(config("name='a'; extra='quiet'").kernelCommandLine()).isEqualTo("quiet");
            assertThat(config("name='a'; root='/dev/xvda1'").kernelCommandLine())
                    .isEqualTo("root=/dev/xvda1");
            assertThat(config("name='a'; root='/dev/xvda1'; extra='ro'").kernelCommandLine())
                    .isEqualTo("root=/dev/xvda1 ro");
            assertThat(config("name='a'; cmdline='console=hvc0'; root='/dev/xvda1'")
                            .kernelCommandLine())
                    .isEqualTo("console=hvc0");
        }

        @Test
        void cmdlineWithRootOrExtraWarnsThatTheyAreIgnored() throws XlCfgException {
            assertThat(warnings("name='a'\ncmdline='x'\nextra='y'"))
                    .containsExactly(
                            "web.cfg:2:1: warning: cmdline: root and extra are ignored in favour of cmdline (as xl does)");
        }

        @Test
        void anotherKernelIsAcceptedWithAWarning() throws XlCfgException {
            CheckedDomainConfig checked = read("name='a'\nkernel = '/boot/vmlinuz'");
            assertThat(checked.config().kernel()).isEqualTo("/boot/vmlinuz");
            assertThat(checked.warnings())
                    .extracting(XlCfgWarning::toString)
                    .containsExactly("web.cfg:2:1: warning: kernel: pvsim boots its own PV kernel \"pvsim-pv\";"
                            + " \"/boot/vmlinuz\" is not loaded");
        }
    }

    @Nested
    class Refusals {

        @Test
        void aMissingNameIsRefusedNamingTheFile() {
            assertThat(refusal("memory = 128"))
                    .isEqualTo("web.cfg: name is mandatory: every domain needs name = \"...\"");
        }

        @Test
        void anEmptyNameIsRefused() {
            assertThat(refusal("name = ''")).isEqualTo("web.cfg:1:8: name: must not be empty");
        }

        @ParameterizedTest
        @ValueSource(strings = {"pvh", "hvm"})
        void pvhAndHvmAreRefusedBecausePvsimSimulatesPvOnly(String type) {
            assertThat(refusal("name = 'a'\ntype = \"" + type + "\""))
                    .isEqualTo("web.cfg:2:8: type: pvsim simulates PV guests only; \"" + type
                            + "\" guests are not supported (write type = \"pv\" or leave type out)");
        }

        @Test
        void anUnknownTypeIsRefused() {
            assertThat(refusal("name = 'a'\ntype = 'xen'"))
                    .isEqualTo(
                            "web.cfg:2:8: type: unknown guest type \"xen\" (xl knows pv, pvh and hvm; pvsim simulates pv)");
        }

        @Test
        void builderHvmIsRefused() {
            assertThat(refusal("name = 'a'\nbuilder = 'hvm'"))
                    .isEqualTo(
                            "web.cfg:2:11: builder: pvsim simulates PV guests only; builder = \"hvm\" is not supported");
        }

        @Test
        void aNonNumberForANumberKeyIsRefused() {
            assertThat(refusal("name = 'a'\nmemory = 'lots'"))
                    .isEqualTo("web.cfg:2:10: memory: \"lots\" is not a number");
        }

        @Test
        void numbersOutOfRangeAreRefused() {
            assertThat(refusal("name='a'\nmemory = 0")).isEqualTo("web.cfg:2:10: memory: must be at least 1 (is 0)");
            assertThat(refusal("name='a'\nvcpus = 0")).isEqualTo("web.cfg:2:9: vcpus: must be at least 1 (is 0)");
            assertThat(refusal("name='a'\nvcpus = 33")).isEqualTo("web.cfg:2:9: vcpus: must be at most 32 (is 33)");
            assertThat(refusal("name='a'\nmax_grant_version = 3"))
                    .isEqualTo("web.cfg:2:21: max_grant_version: must be at most 2 (is 3)");
            assertThat(refusal("name='a'\nmax_grant_version = 0"))
                    .as("Xen's grant_table_init refuses version 0; pvsim says so at the key")
                    .isEqualTo("web.cfg:2:21: max_grant_version: must be at least 1 (is 0)");
            assertThat(refusal("name='a'\nmax_event_channels = '-1'"))
                    .isEqualTo("web.cfg:2:22: max_event_channels: must be at least 1 (is -1)");
            assertThat(refusal("name='a'\nmax_grant_frames = 0"))
                    .isEqualTo("web.cfg:2:20: max_grant_frames: must be at least 1 (is 0)");
            assertThat(refusal("name='a'\nmax_maptrack_frames = 0x80000000"))
                    .isEqualTo("web.cfg:2:23: max_maptrack_frames: must be at most 2147483647 (is 2147483648)");
            assertThat(refusal("name='a'\nmemory = 16777217"))
                    .isEqualTo("web.cfg:2:10: memory: must be at most 16777216 (is 16777217)");
        }

        @Test
        void maxmemBelowMemoryIsRefused() {
            assertThat(refusal("name='a'\nmemory = 256\nmaxmem = 128"))
                    .isEqualTo(
                            "web.cfg:3:10: maxmem: 128 MiB is less than memory (256 MiB); maxmem must be at least memory");
        }

        @Test
        void maxvcpusBelowVcpusIsRefused() {
            assertThat(refusal("name='a'\nvcpus = 4\nmaxvcpus = 2"))
                    .isEqualTo("web.cfg:3:12: maxvcpus: 2 is less than vcpus (4); maxvcpus must be at least vcpus");
        }

        @Test
        void appendingToANumberKeyIsRefusedAsXlDoes() {
            assertThat(refusal("name='a'\nmemory = 1\nmemory += 2"))
                    .isEqualTo("web.cfg:3:1: memory: can't use += with numbers");
        }

        @Test
        void aListWhereASingleValueIsWantedIsRefused() {
            assertThat(refusal("name = ['a']")).isEqualTo("web.cfg:1:8: name: expected a single value, not a list");
            assertThat(refusal("name='a'\nmemory = [1]"))
                    .isEqualTo("web.cfg:2:10: memory: expected a single value, not a list");
        }

        @Test
        void anUnknownShutdownActionIsRefusedListingTheActions() {
            assertThat(refusal("name='a'\non_crash = 'explode'"))
                    .isEqualTo("web.cfg:2:12: on_crash: unknown action \"explode\" (one of: destroy, restart,"
                            + " rename-restart, preserve, coredump-destroy, coredump-restart, soft-reset)");
        }
    }

    @Nested
    class PendingKeys {

        @Test
        void pendingKeysAreKeptAndWarnedAbout() throws XlCfgException {
            CheckedDomainConfig checked = read(String.join(
                    "\n",
                    "name = 'a'",
                    "vif = [ '', 'mac=00:16:3e:00:00:01,bridge=xenbr0' ]",
                    "disk = [ '/dev/vg/guest,raw,xvda,rw' ]",
                    "pool = 'Pool-0'"));
            assertThat(checked.config().pending().keySet()).containsExactly("disk", "pool", "vif");
            assertThat(checked.config().vifs()).hasSize(2);
            assertThat(checked.config().vifs().get(1).mac()).contains("00:16:3e:00:00:01");
            assertThat(checked.config().disks()).singleElement().satisfies(d -> {
                assertThat(d.target()).isEqualTo("/dev/vg/guest");
                assertThat(d.vdev()).isEqualTo("xvda");
                assertThat(d.readonly()).isFalse();
            });
            assertThat(checked.warnings())
                    .extracting(XlCfgWarning::toString)
                    .containsExactly("web.cfg:4:1: warning: pool: accepted but not yet simulated (CPU pools)");
        }

        @Test
        void pendingKeysAreCheckedForSyntax() {
            assertThat(refusal("name='a'\nvif = 'bridge=xenbr0'"))
                    .isEqualTo("web.cfg:2:7: vif: expected a list [ \"...\", ... ], not a string");
            assertThat(refusal("name='a'\nvif = [ 'xenbr0' ]"))
                    .isEqualTo("web.cfg:2:9: vif: 'xenbr0': unrecognized argument `xenbr0'");
            assertThat(refusal("name='a'\nvif = [ '', 'mac=00:16:3e:zz:00:01' ]"))
                    .isEqualTo("web.cfg:2:13: vif: 'mac=00:16:3e:zz:00:01': Invalid parameter `mac'.");
            assertThat(refusal("name='a'\ndisk = [ '/img,raw,xvda', '/img2,,xvda' ]"))
                    .isEqualTo("web.cfg:2:27: disk: vdev xvda is given to two disks");
            assertThat(refusal("name='a'\ndisk = [\n  '/img,raw,floppy0' ]"))
                    .isEqualTo("web.cfg:3:3: disk: '/img,raw,floppy0': vdev `floppy0' is not a virtual device name"
                            + " (xvda, hdc, sdb1, d0p1)");
            assertThat(refusal("name='a'\ndisk = [ [ 'x' ] ]"))
                    .isEqualTo("web.cfg:2:10: disk: list elements must be strings, not lists");
            assertThat(refusal("name='a'\ndisk = [ ' ' ]"))
                    .isEqualTo("web.cfg:2:10: disk: a disk specification must not be empty");
            assertThat(refusal("name='a'\npool = ''")).isEqualTo("web.cfg:2:8: pool: must not be empty");
        }
    }

    @Nested
    class UnknownKeys {

        @Test
        void unknownKeysAreKeptAndWarnedAbout() throws XlCfgException {
            CheckedDomainConfig checked = read("name = 'a'\nuuid = '00000000-0000-0000-0000-000000000001'");
            assertThat(checked.config().unknown()).containsOnlyKeys("uuid");
            assertThat(checked.warnings())
                    .extracting(XlCfgWarning::toString)
                    .containsExactly("web.cfg:2:1: warning: uuid: unknown key, ignored");
        }

        @Test
        void aMistypedKeyGetsASuggestion() throws XlCfgException {
            assertThat(warnings("name = 'a'\nmemroy = 256"))
                    .containsExactly("web.cfg:2:1: warning: memroy: unknown key, ignored (did you mean 'memory'?)");
        }

        @Test
        void warningsComeInFileOrder() throws XlCfgException {
            assertThat(warnings("zz = 1\nname = 'a'\npool = 'p'\naa = 2"))
                    .containsExactly(
                            "web.cfg:1:1: warning: zz: unknown key, ignored",
                            "web.cfg:3:1: warning: pool: accepted but not yet simulated (CPU pools)",
                            "web.cfg:4:1: warning: aa: unknown key, ignored");
        }
    }

    @Nested
    class WritingBack {

        @Test
        void theResolvedTextWritesEveryDefaultAndReadsBackEqual() throws XlCfgException {
            String text =
                    "name = 'web'\nmemory = 256\nvcpus = 2\nextra = \"a \\\"b\\\"\"\nvif = [ '' ]\nfoo = [ 1, [ 'x' ] ]";
            DomainConfig config = config(text);
            String resolved = config.toXlCfg();
            assertThat(resolved)
                    .isEqualTo(String.join(
                            "\n",
                            "name = \"web\"",
                            "type = \"pv\"",
                            "memory = 256",
                            "maxmem = 256",
                            "vcpus = 2",
                            "maxvcpus = 2",
                            "kernel = \"pvsim-pv\"",
                            "extra = \"a \\\"b\\\"\"",
                            "on_poweroff = \"destroy\"",
                            "on_reboot = \"restart\"",
                            "on_watchdog = \"destroy\"",
                            "on_crash = \"destroy\"",
                            "on_soft_reset = \"soft-reset\"",
                            "max_event_channels = 1023",
                            "max_grant_frames = 64",
                            "max_maptrack_frames = 1024",
                            "max_grant_version = 2",
                            "cpu_weight = 256",
                            "cap = 0",
                            "period = 10000",
                            "extratime = 1",
                            "vif = [ \"\" ]",
                            "foo = [ 1, [ \"x\" ] ]",
                            ""));
            DomainConfig again = config(resolved);
            assertThat(again.toXlCfg()).isEqualTo(resolved);
            assertThat(again.extra()).isEqualTo("a \"b\"");
        }
    }
}
