package org.pvsim.dom0.report;

import java.util.Objects;

/**
 * One console log of a run, as xenconsoled writes them under {@code /var/log/xen/console/}: {@code hypervisor.log}
 * (Xen's console ring, {@code xl dmesg}) or {@code guest-NAME.log} (a guest's PV console).
 *
 * @param fileName the file's name inside the run folder's {@code console/}
 * @param text the log's text
 */
public record ConsoleFile(String fileName, String text) {
    /** The hypervisor's log's file name. */
    public static final String HYPERVISOR_LOG = "hypervisor.log";

    /** Checks both are there and the name is a plain file name. */
    public ConsoleFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        if (fileName.isEmpty() || fileName.contains("/") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("not a console log file name: " + fileName);
        }
    }
}
