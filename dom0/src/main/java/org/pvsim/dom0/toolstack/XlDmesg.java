package org.pvsim.dom0.toolstack;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlReadConsoleDescriptor;

/**
 * {@code xl dmesg [-c]} ({@code main_dmesg} in {@code tools/xl/xl_info.c}): Xen's console ring, read as libxl's
 * console reader reads it ({@code libxl_xen_console_read_line}): {@code XEN_SYSCTL_readconsole}, incremental, into a
 * buffer of 16384 bytes, again and again until Xen returns nothing more, each piece printed as it is. With {@code -c}
 * ({@code --clear}) Xen empties the ring as it is read, so the next {@code xl dmesg} prints only what came after.
 *
 * @param clear {@code -c}
 */
public record XlDmesg(boolean clear) implements XlCommand, XlRunnable {
    /** The reader's buffer: Xen's default ring size ({@code libxl_xen_console_read_start}). */
    static final int READ_SIZE = 16384;

    @Override
    public String name() {
        return "dmesg";
    }

    @Override
    public List<String> argv() {
        return clear ? List.of("xl", name(), "-c") : List.of("xl", name());
    }

    @Override
    public int run(Libxl libxl) {
        long index = 0;
        byte[] text = new byte[READ_SIZE];
        int b = SysctlDescriptor.U_READCONSOLE_OFFSET;
        while (true) {
            long buffer = libxl.hc.buffer(READ_SIZE);
            byte[] op = Libxl.sysctl(SysctlCmd.XEN_SYSCTL_readconsole);
            LittleEndian.putU8(op, b + SysctlReadConsoleDescriptor.CLEAR_OFFSET, clear ? 1 : 0);
            LittleEndian.putU8(op, b + SysctlReadConsoleDescriptor.INCREMENTAL_OFFSET, 1);
            LittleEndian.putI32(op, b + SysctlReadConsoleDescriptor.INDEX_OFFSET, (int) index);
            LittleEndian.putI64(op, b + SysctlReadConsoleDescriptor.BUFFER_OFFSET, buffer);
            LittleEndian.putI32(op, b + SysctlReadConsoleDescriptor.COUNT_OFFSET, READ_SIZE);
            long rc = libxl.hc.sysctl(op);
            if (rc < 0) {
                libxl.con.log(
                        XlConsole.Level.ERROR,
                        "libxl_console.c",
                        826,
                        "libxl_xen_console_read_line",
                        -1,
                        rc,
                        "reading console ring buffer");
                return 1;
            }
            int n = LittleEndian.getI32(op, b + SysctlReadConsoleDescriptor.COUNT_OFFSET);
            if (n <= 0) {
                return 0;
            }
            libxl.cpu().read(buffer, text, 0, n);
            libxl.con.print(new String(text, 0, n, StandardCharsets.UTF_8));
            index = LittleEndian.getU32(op, b + SysctlReadConsoleDescriptor.INDEX_OFFSET);
        }
    }
}
