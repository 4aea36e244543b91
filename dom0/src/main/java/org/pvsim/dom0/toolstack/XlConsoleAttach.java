package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.daemon.ConsoleLog;

/**
 * {@code xl console [-t pv|serial|vuart] [-n NUM] DOMAIN} ({@code main_console} in {@code tools/xl/xl_console.c},
 * {@code libxl_primary_console_exec}): attaches to a domain's console. In Xen the console client then shows what
 * xenconsoled buffered and everything that follows, until the user types the escape character ({@code Ctrl-]}). In
 * pvsim, where virtual time moves only between commands, the client prints what the guest wrote since the last
 * client detached (everything, the first time) and detaches at once: {@code xl console} again later shows what came
 * in between. A PV domain has one console, PV console 0; asking for a serial or vuart console, or another number,
 * fails as xl does when it cannot start the console client ({@code Unable to attach console}), and so does a domain
 * xenconsoled does not serve (no console ring, or one it dropped as corrupt).
 *
 * @param domain the domain, by name or id
 * @param type {@code -t}: {@code pv}, {@code serial}, {@code vuart}, or {@code null} for the primary console
 * @param num {@code -n}
 */
public record XlConsoleAttach(String domain, String type, int num) implements XlCommand, XlRunnable {
    /** The console types xl knows, as its message lists them. */
    static final String CONSOLE_NAMES = "pv, serial, vuart";

    /**
     * Checks the arguments as xl does before it looks at the host.
     *
     * @throws IllegalArgumentException with xl's message for an unknown {@code -t}
     */
    public XlConsoleAttach {
        Objects.requireNonNull(domain, "domain");
        if (type != null && !List.of("pv", "serial", "vuart").contains(type)) {
            throw new IllegalArgumentException("console type supported are: " + CONSOLE_NAMES);
        }
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        if (type != null) {
            a.addAll(List.of("-t", type));
        }
        if (num != 0) {
            a.addAll(List.of("-n", Integer.toString(num)));
        }
        a.add(domain);
        return a;
    }

    @Override
    public int run(Libxl libxl) {
        int domid = libxl.findDomain(domain);
        if (domid < 0) {
            return 1;
        }
        ConsoleLog log = libxl.consoles == null ? null : libxl.consoles.console(domid);
        boolean primary = type == null || (type.equals("pv") && num == 0);
        if (log == null || !primary) {
            libxl.con.eprintf("Unable to attach console\n");
            return 1;
        }
        libxl.con.print(log.takeUnread());
        return 0;
    }
}
