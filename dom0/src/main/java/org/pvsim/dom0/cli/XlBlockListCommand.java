package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlDeviceList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl block-list}: xl's {@code block-list} ({@code tools/xl/xl_block.c}). */
@Command(
        name = "block-list",
        header = "List the virtual block devices of domains.",
        description = {
            "xl block-list DOMAIN ...",
            "One row per vbd: device id, backend domain, handle (the frontend's domain, as xl prints it), XenBus"
                    + " state, event channel, ring ref and the backend's xenstore path (docs/block.md)."
        })
final class XlBlockListCommand extends XlSubcommand {
    @Parameters(arity = "1..*", paramLabel = "DOMAIN", description = "Domains by name or id.")
    List<String> domains = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlDeviceList("vbd", domains);
    }
}
