package org.pvsim.hypervisor.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.ConsoleIoCmd;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * {@code console_io} ({@code do_console_io} and {@code guest_console_write}, {@code xen/drivers/char/console.c}):
 * what a domain's writes look like in the console ring, and who may read.
 */
class ConsoleIoTest {
    private TestHost host;
    private TestGuest dom0;
    private TestGuest d1;
    private XenConsole console;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        dom0 = host.dom0();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        console = host.hv.console();
        host.auditAfterEveryHypercall();
    }

    @AfterEach
    void audit() {
        host.assertNoViolationsAfterCalls();
    }

    private static long write(TestGuest g, byte[] bytes) {
        long buf = g.put(bytes);
        return g.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_write.code, bytes.length, buf);
    }

    private static long write(TestGuest g, String s) {
        return write(g, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The ring's bytes, one char per byte. */
    private String ring() {
        byte[] all = new byte[XenConsole.CONRING_SIZE];
        int n = console.read(all, all.length, false, 0, false);
        return new String(all, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** What the ring gained since {@code before} (its length then). */
    private String since(int before) {
        return ring().substring(before);
    }

    @Test
    void domUWriteLandsInTheRingAsALinePrefixedWithItsDomain() {
        int before = ring().length();
        assertThat(write(d1, "hello\n")).isZero();
        assertThat(since(before)).isEqualTo("(d1) hello\n");
    }

    @Test
    void domUOutputIsBufferedUntilANewline() {
        int before = ring().length();
        assertThat(write(d1, "hel")).isZero();
        assertThat(since(before)).isEmpty();
        assertThat(write(d1, "lo\nnext")).isZero();
        assertThat(since(before)).isEqualTo("(d1) hello\n");
    }

    @Test
    void domUOutputLosesUnprintableCharactersButKeepsTabsAndLatin1() {
        int before = ring().length();
        byte[] text = {'a', 0x07, '\t', 'b', 0x1B, (byte) 0xE9, (byte) 0x85, 0x7F, 'c', '\n'};
        assertThat(write(d1, text)).isZero();
        assertThat(since(before)).isEqualTo("(d1) a\tb\u00e9c\n");
    }

    @Test
    void domULineLongerThanItsBufferIsFlushedWhenTheBufferFills() {
        int before = ring().length();
        String x = "x".repeat(400);
        assertThat(write(d1, x)).isZero();
        // chunks of 127: two fit the 256-byte buffer, the third flushes all three as one line
        assertThat(since(before)).isEqualTo("(d1) " + "x".repeat(381) + "\n");
    }

    @Test
    void hardwareDomainsOutputGoesToTheRingAsItIs() {
        int before = ring().length();
        assertThat(write(dom0, "boot\u0007ing")).isZero();
        assertThat(write(dom0, " dom0\n")).isZero();
        assertThat(since(before)).isEqualTo("boot\u0007ing dom0\n");
    }

    @Test
    void emptyWriteDoesNothing() {
        int before = ring().length();
        assertThat(d1.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_write.code, 0, GuestAddresses.XEN_RANGE))
                .isZero();
        assertThat(since(before)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL})
    void writeFromABadBufferIsEfault(long buf) {
        assertThat(d1.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_write.code, 5, buf))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(dom0.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_write.code, 5, buf))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void readIsForTheControlDomainOnly() {
        long buf = d1.scratch(64);
        assertThat(d1.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_read.code, 64, buf))
                .isEqualTo(Errno.EPERM.neg());
        long buf0 = dom0.scratch(64);
        assertThat(dom0.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_read.code, 64, buf0))
                .as("no serial input")
                .isZero();
    }

    @Test
    void readOfMoreThanIntMaxIsE2big() {
        long buf = dom0.scratch(64);
        assertThat(dom0.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_read.code, 0x8000_0000L, buf))
                .isEqualTo(Errno.E2BIG.neg());
        assertThat(dom0.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_read.code, 0x7FFF_FFFFL, buf))
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 99, 0xFFFF_FFFFL})
    void unknownCommandIsEnosysForTheControlDomainAndEpermForADomU(long cmd) {
        assertThat(dom0.call(Hypercall.console_io, cmd, 0, 0)).isEqualTo(Errno.ENOSYS.neg());
        assertThat(d1.call(Hypercall.console_io, cmd, 0, 0)).isEqualTo(Errno.EPERM.neg());
    }
}
