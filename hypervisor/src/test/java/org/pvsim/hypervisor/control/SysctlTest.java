package org.pvsim.hypervisor.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.Schedulers;
import org.pvsim.hypervisor.abi.ConsoleIoCmd;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlGetDomainInfoListDescriptor;
import org.pvsim.hypervisor.abi.SysctlPhysinfoDescriptor;
import org.pvsim.hypervisor.abi.SysctlReadConsoleDescriptor;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/** {@code sysctl} ({@code do_sysctl}, {@code xen/common/sysctl.c}): the host-wide queries of the control domain. */
class SysctlTest extends AuditedHostTest {
    private static final int RC = SysctlDescriptor.U_READCONSOLE_OFFSET;
    private static final int DL = SysctlDescriptor.U_GETDOMAININFOLIST_OFFSET;
    private static final int PI = SysctlDescriptor.U_PHYSINFO_OFFSET;

    private long withoutEffect(TestGuest g, byte[] op) {
        long va = g.put(op);
        return host.assertNoEffect(() -> g.call(Hypercall.sysctl, va, 0));
    }

    @Test
    void physinfoDescribesTheMachine() {
        byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_physinfo);
        assertThat(dom0.sysctl(op)).isZero();

        assertThat(LittleEndian.getI32(op, PI + SysctlPhysinfoDescriptor.NR_CPUS_OFFSET))
                .isEqualTo(host.hv.machine().nrPcpus());
        assertThat(LittleEndian.getI32(op, PI + SysctlPhysinfoDescriptor.MAX_CPU_ID_OFFSET))
                .isEqualTo(host.hv.machine().nrPcpus() - 1);
        assertThat(LittleEndian.getI64(op, PI + SysctlPhysinfoDescriptor.TOTAL_PAGES_OFFSET))
                .isEqualTo(TestHost.DEFAULT_FRAMES);
        assertThat(LittleEndian.getI64(op, PI + SysctlPhysinfoDescriptor.FREE_PAGES_OFFSET))
                .isEqualTo(host.freeFrames());
        int caps = LittleEndian.getI32(op, PI + SysctlPhysinfoDescriptor.CAPABILITIES_OFFSET);
        assertThat(caps & SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_pv).isNotZero();
        assertThat(caps & SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_hvm).isZero();
    }

    @Test
    void schedIdIsTheRunningSchedulers() {
        byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_sched_id);
        assertThat(dom0.sysctl(op)).isZero();
        assertThat(LittleEndian.getI32(op, SysctlDescriptor.U_OFFSET))
                .isEqualTo(Schedulers.create(host.hv.params().scheduler()).schedulerId());
    }

    private byte[] domainInfoList(int first, int max, long buffer) {
        byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_getdomaininfolist);
        LittleEndian.putU16(op, DL + SysctlGetDomainInfoListDescriptor.FIRST_DOMAIN_OFFSET, first);
        LittleEndian.putI32(op, DL + SysctlGetDomainInfoListDescriptor.MAX_DOMAINS_OFFSET, max);
        LittleEndian.putI64(op, DL + SysctlGetDomainInfoListDescriptor.BUFFER_OFFSET, buffer);
        return op;
    }

    private static int numDomains(byte[] op) {
        return LittleEndian.getI32(op, DL + SysctlGetDomainInfoListDescriptor.NUM_DOMAINS_OFFSET);
    }

    @Test
    void getdomaininfolistGivesEachDomainsInfoInIdOrder() {
        int size = DomctlGetDomainInfoDescriptor.SIZE;
        long buffer = dom0.scratch(10 * size);
        byte[] op = domainInfoList(0, 10, buffer);

        assertThat(dom0.sysctl(op)).isZero();

        assertThat(numDomains(op)).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            byte[] entry = dom0.read(buffer + (long) i * size, size);
            assertThat(LittleEndian.getU16(entry, DomctlGetDomainInfoDescriptor.DOMAIN_OFFSET))
                    .isEqualTo(i);
            byte[] single = Structs.domctl(DomctlCmd.XEN_DOMCTL_getdomaininfo, i);
            assertThat(dom0.domctl(single)).isZero();
            byte[] expected = new byte[size];
            System.arraycopy(single, DomctlDescriptor.U_GETDOMAININFO_OFFSET, expected, 0, size);
            assertThat(entry).as("entry %d is getdomaininfo of d%d", i, i).isEqualTo(expected);
        }
    }

    @Test
    void getdomaininfolistStartsAtFirstDomainAndStopsAtMaxDomains() {
        int size = DomctlGetDomainInfoDescriptor.SIZE;
        long buffer = dom0.scratch(10 * size);
        byte[] op = domainInfoList(1, 1, buffer);
        assertThat(dom0.sysctl(op)).isZero();
        assertThat(numDomains(op)).isEqualTo(1);
        assertThat(dom0.read(buffer, 2)).isEqualTo(new byte[] {1, 0});

        byte[] none = domainInfoList(3, 10, buffer);
        assertThat(dom0.sysctl(none)).isZero();
        assertThat(numDomains(none)).isZero();
        byte[] zero = domainInfoList(0, 0, GuestAddresses.XEN_RANGE);
        assertThat(dom0.sysctl(zero)).isZero();
        assertThat(numDomains(zero)).isZero();
    }

    @Test
    void getdomaininfolistToABadBufferIsEfault() {
        byte[] op = domainInfoList(0, 10, GuestAddresses.UNMAPPED);
        LittleEndian.putI32(op, DL + SysctlGetDomainInfoListDescriptor.NUM_DOMAINS_OFFSET, 77);
        assertThat(dom0.sysctl(op)).isEqualTo(Errno.EFAULT.neg());
        assertThat(numDomains(op)).as("not copied back").isEqualTo(77);
    }

    private byte[] readConsole(long buffer, int count, boolean incremental, int index, boolean clear) {
        byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_readconsole);
        op[RC + SysctlReadConsoleDescriptor.CLEAR_OFFSET] = (byte) (clear ? 1 : 0);
        op[RC + SysctlReadConsoleDescriptor.INCREMENTAL_OFFSET] = (byte) (incremental ? 1 : 0);
        LittleEndian.putI32(op, RC + SysctlReadConsoleDescriptor.INDEX_OFFSET, index);
        LittleEndian.putI64(op, RC + SysctlReadConsoleDescriptor.BUFFER_OFFSET, buffer);
        LittleEndian.putI32(op, RC + SysctlReadConsoleDescriptor.COUNT_OFFSET, count);
        assertThat(dom0.sysctl(op)).isZero();
        return op;
    }

    private static int count(byte[] op) {
        return LittleEndian.getI32(op, RC + SysctlReadConsoleDescriptor.COUNT_OFFSET);
    }

    private static int index(byte[] op) {
        return LittleEndian.getI32(op, RC + SysctlReadConsoleDescriptor.INDEX_OFFSET);
    }

    private String text(long buffer, byte[] op) {
        return new String(dom0.read(buffer, count(op)), StandardCharsets.ISO_8859_1);
    }

    private void domUWrites(String line) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        assertThat(d1.call(Hypercall.console_io, ConsoleIoCmd.CONSOLEIO_write.code, b.length, d1.put(b)))
                .isZero();
    }

    @Test
    void readconsoleReadsTheRingIncrementallyAndClears() {
        long buffer = dom0.scratch(4096);
        domUWrites("first\n");
        byte[] all = readConsole(buffer, 4096, false, 0, false);
        assertThat(text(buffer, all))
                .endsWith("(d1) first\n")
                .isEqualTo(host.hv.console().text());

        domUWrites("second\n");
        byte[] next = readConsole(buffer, 4096, true, index(all), false);
        assertThat(text(buffer, next)).isEqualTo("(d1) second\n");
        assertThat(index(next)).isEqualTo(index(all) + "(d1) second\n".length());

        byte[] part = readConsole(buffer, 3, true, index(all), false);
        assertThat(count(part)).isEqualTo(3);
        assertThat(text(buffer, part)).isEqualTo("(d1");
        assertThat(index(part)).isEqualTo(index(all) + 3);

        byte[] cleared = readConsole(buffer, 4096, false, 0, true);
        assertThat(text(buffer, cleared)).endsWith("(d1) second\n");
        byte[] empty = readConsole(buffer, 4096, false, 0, false);
        assertThat(count(empty)).isZero();
        domUWrites("third\n");
        assertThat(text(buffer, readConsole(buffer, 4096, false, 0, false))).isEqualTo("(d1) third\n");
    }

    @Test
    void readconsoleToABadBufferIsEfault() {
        domUWrites("x\n");
        byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_readconsole);
        LittleEndian.putI64(op, RC + SysctlReadConsoleDescriptor.BUFFER_OFFSET, GuestAddresses.UNMAPPED);
        LittleEndian.putI32(op, RC + SysctlReadConsoleDescriptor.COUNT_OFFSET, 100);
        assertThat(dom0.sysctl(op)).isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void domUIsEperm() {
        for (SysctlCmd cmd : new SysctlCmd[] {
            SysctlCmd.XEN_SYSCTL_physinfo,
            SysctlCmd.XEN_SYSCTL_readconsole,
            SysctlCmd.XEN_SYSCTL_getdomaininfolist,
            SysctlCmd.XEN_SYSCTL_sched_id
        }) {
            assertThat(withoutEffect(d1, Structs.sysctl(cmd))).as(cmd.name()).isEqualTo(Errno.EPERM.neg());
        }
    }

    @Test
    void badInterfaceVersionIsEaccesEvenForADomU() {
        byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_physinfo);
        LittleEndian.putI32(
                op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION + 1);
        assertThat(withoutEffect(dom0, op)).isEqualTo(Errno.EACCES.neg());
        assertThat(withoutEffect(d1, op)).isEqualTo(Errno.EACCES.neg());
    }

    @ParameterizedTest
    @ValueSource(longs = {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL})
    void badStructurePointerIsEfault(long va) {
        assertThat(host.assertNoEffect(() -> dom0.call(Hypercall.sysctl, va, 0)))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void commandPvsimDoesNotImplementIsEnosys() {
        assertThat(withoutEffect(dom0, Structs.sysctl(SysctlCmd.XEN_SYSCTL_getcpuinfo)))
                .isEqualTo(Errno.ENOSYS.neg());
        byte[] unknown = Structs.sysctl(SysctlCmd.XEN_SYSCTL_physinfo);
        LittleEndian.putI32(unknown, SysctlDescriptor.CMD_OFFSET, 200);
        assertThat(withoutEffect(dom0, unknown)).isEqualTo(Errno.ENOSYS.neg());
    }
}
