package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlDeviceList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl network-list}: xl's {@code network-list} ({@code tools/xl/xl_nic.c}). */
@Command(
        name = "network-list",
        header = "List the virtual network interfaces of domains.",
        description = {
            "xl network-list DOMAIN ...",
            "One row per vif: index, backend domain, MAC address, handle, XenBus state, event channel, TX/RX ring refs"
                    + " and the backend's xenstore path (docs/network.md)."
        })
final class XlNetworkListCommand extends XlSubcommand {
    @Parameters(arity = "1..*", paramLabel = "DOMAIN", description = "Domains by name or id.")
    List<String> domains = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlDeviceList("vif", domains);
    }
}
