package org.pvsim.guest;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.nio.charset.StandardCharsets;
import org.pvsim.hypervisor.abi.ConsoleIoCmd;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedShutdownDescriptor;
import org.pvsim.hypervisor.abi.ShutdownReason;

/**
 * The console and shutdown of a kernel that has no argument area yet (a panic early in boot) or no longer trusts
 * its own (a halted kernel): the bytes a hypercall reads are staged in the spare second half of the kernel image page,
 * the kernel's own "bss", which the domain builder maps writable at the entry point ({@link GuestCpu#bootRip()}).
 */
final class EarlyConsole {
    /** Where the staging buffer starts in the kernel image page: after the image header. */
    static final int BUFFER_OFFSET = 2048;
    /** Bytes of text a write carries; the page's last 16 bytes hold a {@code sched_shutdown}. */
    static final int TEXT_BYTES = PAGE_SIZE - BUFFER_OFFSET - 16;

    private EarlyConsole() {}

    /** {@code CONSOLEIO_write} of {@code line} and a newline, cut at {@link #TEXT_BYTES}. */
    static void println(GuestCpu cpu, String line) {
        long buf = cpu.bootRip() + BUFFER_OFFSET;
        byte[] text = (line + "\n").getBytes(StandardCharsets.UTF_8);
        int len = Math.min(text.length, TEXT_BYTES);
        cpu.write(buf, text, 0, len);
        cpu.hypercall(Hypercall.console_io.number, ConsoleIoCmd.CONSOLEIO_write.code, len, buf, 0, 0);
    }

    /** {@code SCHEDOP_shutdown} with {@code reason}. */
    static void shutdown(GuestCpu cpu, ShutdownReason reason) {
        long arg = cpu.bootRip() + BUFFER_OFFSET + TEXT_BYTES;
        cpu.write32(arg + SchedShutdownDescriptor.REASON_OFFSET, reason.code);
        cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_shutdown.code, arg, 0, 0, 0);
    }
}
