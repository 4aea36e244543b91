package org.pvsim.guest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.hypercall.FakeGuestCpu;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.hypervisor.abi.io.XenconsInterfaceDescriptor;

/** The PV console writer against a test's xenconsoled reading the {@code out} ring. */
class ConsoleRingTest {
    private final FakeGuestCpu cpu = new FakeGuestCpu(0, 4, (c, n, a1, a2, a3, a4, a5) -> 0);
    private final long page = FakeGuestCpu.BASE;
    private final SharedByteRing out = SharedByteRing.consoleOut();
    private int notified;
    private final ConsoleRing console = new ConsoleRing(page, 3, c -> {
        notified++;
        return 0;
    });

    private String drain() {
        byte[] b = new byte[XenconsInterfaceDescriptor.OUT_SIZE];
        StringBuilder s = new StringBuilder();
        int n;
        while ((n = out.consume(cpu, page, b, 0, b.length)) > 0) {
            s.append(new String(b, 0, n, StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private void print(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        console.write(cpu, b, 0, b.length);
    }

    @Test
    void linesGoIntoTheOutRingAndTheDaemonIsNotified() {
        print("hello\n");
        assertThat(notified).isEqualTo(1);
        assertThat(drain()).isEqualTo("hello\n");
        assertThat(console.writtenBytes()).isEqualTo(6);
    }

    @Test
    void aFullRingKeepsTheRestInTheKernelUntilTheDaemonConsumes() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String line = "line " + i + " " + "x".repeat(40) + "\n";
            all.append(line);
            print(line);
        }
        assertThat(console.bufferedBytes()).isEqualTo(all.length() - XenconsInterfaceDescriptor.OUT_SIZE);
        StringBuilder seen = new StringBuilder(drain());
        while (console.bufferedBytes() > 0) {
            console.handleEvent(cpu, 3); // xenconsoled consumed and notified
            seen.append(drain());
        }
        assertThat(seen.toString()).isEqualTo(all.toString());
        assertThat(console.droppedBytes()).isZero();
    }

    @Test
    void bytesBeyondTheBufferAreDroppedCountedAndAnnounced() {
        String chunk = "z".repeat(1000) + "\n";
        int total = 0;
        for (int i = 0; i < 20; i++) {
            print(chunk);
            total += chunk.length();
        }
        long kept = XenconsInterfaceDescriptor.OUT_SIZE + ConsoleRing.BUFFER_BYTES;
        assertThat(console.droppedBytes()).isEqualTo(total - kept);
        StringBuilder seen = new StringBuilder(drain());
        for (int i = 0; i < 20; i++) {
            console.handleEvent(cpu, 3);
            seen.append(drain());
        }
        String note = "** " + (total - kept) + " console bytes dropped **\n";
        assertThat(seen.toString()).endsWith(note);
        assertThat(seen.length()).isEqualTo(kept + note.length());
    }

    @Test
    void impossibleIndicesBreakTheRingWithoutThrowing() {
        cpu.write32(page + XenconsInterfaceDescriptor.OUT_CONS_OFFSET, 100_000);
        print("lost\n");
        assertThat(console.isBroken()).isTrue();
        assertThat(console.droppedBytes()).isEqualTo(5);
        console.handleEvent(cpu, 3);
        print("more\n");
        assertThat(console.droppedBytes()).isEqualTo(10);
    }
}
