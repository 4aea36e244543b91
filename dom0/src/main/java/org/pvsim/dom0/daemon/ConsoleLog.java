package org.pvsim.dom0.daemon;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One guest's console output as xenconsoled keeps it: the log file {@code xenconsoled --log=guest} writes ({@code
 * guest-NAME.log}, appended to by every domain of that name, as after a restart), and what a console client has not
 * read yet (the buffer xenconsoled holds for {@code xl console}).
 *
 * <p>Invariants: the log keeps every byte up to {@link #MAX_BYTES}; past that, bytes are counted as discarded and the
 * text says how many, so nothing is lost silently. The unread part is always a suffix of the log.
 */
public final class ConsoleLog {
    /** Bytes a log keeps at most (xenconsoled's default buffer limit, {@code LIBXL_XENCONSOLE_LIMIT}): 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;

    private final String name;
    private byte[] bytes = new byte[256];
    private int length;
    private long discarded;
    private int readUpTo;

    /** An empty log for the guest named {@code name}. */
    public ConsoleLog(String name) {
        this.name = name;
    }

    /** The guest's name, as in the log's file name. */
    public String name() {
        return name;
    }

    /** The log's file name in a run folder's {@code console/}: {@code guest-NAME.log}. */
    public String fileName() {
        return "guest-" + name + ".log";
    }

    /** Appends {@code n} bytes of output; beyond {@link #MAX_BYTES} they are counted as discarded. */
    void append(byte[] src, int off, int n) {
        int keep = Math.max(0, Math.min(n, MAX_BYTES - length));
        if (length + keep > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(MAX_BYTES, Math.max(bytes.length * 2, length + keep)));
        }
        System.arraycopy(src, off, bytes, length, keep);
        length += keep;
        discarded += n - keep;
    }

    /** Bytes kept. */
    public int size() {
        return length;
    }

    /** Bytes discarded because the log was full. */
    public long discarded() {
        return discarded;
    }

    /** The whole log as text (UTF-8), with a last line saying how many bytes were discarded, if any. */
    public String text() {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (discarded == 0) {
            return text;
        }
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "[xenconsoled: log full at " + MAX_BYTES
                + " bytes; " + discarded + " bytes discarded]\n";
    }

    /**
     * What a console client attaching now receives: the output since the previous client detached (all of it for the
     * first), marked read.
     */
    public String takeUnread() {
        String s = new String(bytes, readUpTo, length - readUpTo, StandardCharsets.UTF_8);
        readUpTo = length;
        return s;
    }
}
