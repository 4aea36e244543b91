package org.pvsim.guest.control;

import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.guest.xenstore.XsReply;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.ShutdownReason;

/**
 * The {@code control/shutdown} watch of Linux's {@code drivers/xen/manage.c} ({@code shutdown_handler}): the toolstack
 * writes a command there ({@code xl shutdown} writes {@code poweroff}, {@code xl reboot} {@code reboot}); the kernel,
 * in a transaction, reads it and, if it knows the command, acknowledges it by writing {@code ""} (an {@code EAGAIN}
 * at commit runs the transaction again); then it acts:
 *
 * <ul>
 *   <li>{@code poweroff}, {@code halt}: {@code "reboot: Power down"}, {@code SCHEDOP_shutdown(SHUTDOWN_poweroff)};
 *   <li>{@code reboot}: {@code "reboot: Restarting system"}, {@code SCHEDOP_shutdown(SHUTDOWN_reboot)};
 *   <li>{@code suspend}: acknowledged, then refused with a console line: pvsim has no save/restore, so the kernel
 *       does not suspend (and does not advertise {@code feature-suspend});
 *   <li>anything else: {@code "Ignoring shutdown request: <cmd>"}, not acknowledged. An empty or missing node (the
 *       watch fires once at registration, and again on the kernel's own ack) is ignored.
 * </ul>
 *
 * At setup it writes {@code control/feature-poweroff} and {@code control/feature-reboot} = {@code 1}, as {@code
 * setup_shutdown_watcher} does for the commands whose flag is set.
 */
public final class ShutdownWatch {
    /** The watched node, relative to the domain's home. */
    public static final String NODE = "control/shutdown";
    /** The watch's token. */
    public static final String TOKEN = "shutdown";

    private final ControlKernel kernel;
    private boolean shuttingDown;
    private String lastCommand;

    /** The watch of {@code kernel}. */
    public ShutdownWatch(ControlKernel kernel) {
        this.kernel = kernel;
    }

    /** Writes the feature nodes and registers the watch. */
    public void start(GuestCpu cpu, XenstoreClient xs) {
        xs.bind(cpu);
        xs.write(XenstoreClient.XBT_NIL, "control/feature-poweroff", "1", null);
        xs.write(XenstoreClient.XBT_NIL, "control/feature-reboot", "1", null);
        xs.watch(NODE, TOKEN, (c, path, token) -> fired(c, xs), (c, reply) -> {
            if (reply.isError()) {
                kernel.kernel().printk(c, "Failed to set shutdown watcher (" + reply.errno() + ")");
            }
        });
    }

    /** The last command acted on (or refused), or null. */
    public String lastCommand() {
        return lastCommand;
    }

    private void fired(GuestCpu cpu, XenstoreClient xs) {
        if (shuttingDown) {
            return;
        }
        String[] command = new String[1];
        xs.bind(cpu)
                .transaction(
                        (c, t) -> xs.bind(c).read(t.id(), NODE, (c2, value) -> {
                            command[0] = null;
                            if (value.isError() || value.value().isEmpty()) {
                                t.abort(c2, value);
                                return;
                            }
                            command[0] = value.value();
                            if (known(command[0])) {
                                xs.bind(c2).write(t.id(), NODE, "", (c3, ack) -> t.commit(c3));
                            } else {
                                t.commit(c2);
                            }
                        }),
                        (c, end) -> act(c, command[0], end));
    }

    private void act(GuestCpu cpu, String command, XsReply end) {
        if (command == null || shuttingDown) {
            return;
        }
        lastCommand = command;
        switch (command) {
            case "poweroff", "halt" -> {
                shuttingDown = true;
                kernel.kernel().printk(cpu, "reboot: Power down");
                kernel.shutdown(cpu, ShutdownReason.SHUTDOWN_poweroff);
            }
            case "reboot" -> {
                shuttingDown = true;
                kernel.kernel().printk(cpu, "reboot: Restarting system");
                kernel.shutdown(cpu, ShutdownReason.SHUTDOWN_reboot);
            }
            case "suspend" ->
                kernel.kernel()
                        .printk(cpu, "xen:manage: suspend is not supported by this kernel (no save/restore): ignored");
            default -> kernel.kernel().printk(cpu, "Ignoring shutdown request: " + command);
        }
    }

    private static boolean known(String command) {
        return switch (command) {
            case "poweroff", "halt", "reboot", "suspend" -> true;
            default -> false;
        };
    }
}
