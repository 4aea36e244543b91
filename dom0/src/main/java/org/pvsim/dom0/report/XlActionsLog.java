package org.pvsim.dom0.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code xl-actions.log}: the transcript of a run's timed xl commands, as a terminal in dom0 would have shown them.
 * Each command is a header line {@code [T] # xl COMMAND} (T, the virtual time dom0 ran it, in seconds with nine
 * decimals, as {@code xl dmesg} prints times), then what xl printed, then {@code [T] exit N} when xl failed. A
 * command that did not run before the end of the run says so. Deterministic: times are virtual.
 */
public final class XlActionsLog {
    /** The file name inside a run folder. */
    public static final String FILE_NAME = "xl-actions.log";

    private XlActionsLog() {}

    /** The transcript of {@code results}, in order. */
    public static String format(List<XlActionResult> results) {
        StringBuilder b = new StringBuilder();
        for (XlActionResult r : results) {
            if (!r.ran()) {
                b.append('[')
                        .append(seconds(r.atNs()))
                        .append("] # xl ")
                        .append(r.xl())
                        .append('\n');
                b.append("(not run: the run ended before dom0 ran it)\n");
                continue;
            }
            b.append('[')
                    .append(seconds(r.ranAtNs()))
                    .append("] # xl ")
                    .append(r.xl())
                    .append('\n');
            b.append(r.output());
            if (!r.output().isEmpty() && !r.output().endsWith("\n")) {
                b.append('\n');
            }
            if (r.exitCode() != 0) {
                b.append('[')
                        .append(seconds(r.ranAtNs()))
                        .append("] exit ")
                        .append(r.exitCode())
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** One line per command, for the console: {@code T  xl COMMAND  (exit N)}. */
    public static String summary(List<XlActionResult> results) {
        StringBuilder b = new StringBuilder();
        for (XlActionResult r : results) {
            b.append(String.format(Locale.ROOT, "%14s  xl %s", seconds(r.ran() ? r.ranAtNs() : r.atNs()), r.xl()));
            b.append(r.ran() ? (r.exitCode() == 0 ? "" : "  (exit " + r.exitCode() + ")") : "  (not run)");
            b.append('\n');
        }
        return b.toString();
    }

    /** {@code ns} as seconds with nine decimals. */
    public static String seconds(long ns) {
        return String.format(Locale.ROOT, "%d.%09d", ns / 1_000_000_000L, ns % 1_000_000_000L);
    }

    /** Writes {@link #format} to {@code file} (UTF-8). */
    public static void write(List<XlActionResult> results, Path file) {
        try {
            Files.writeString(file, format(results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
