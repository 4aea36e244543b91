package org.pvsim.dom0.toolstack;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.BitSet;
import java.util.Locale;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;

/**
 * What one xl command writes: its standard output and standard error, with the formats xl and libxl use.
 *
 * <ul>
 *   <li>{@link #printf}: C's {@code printf} for the conversions xl's tables use ({@code %-33s %4d %9u}); a null
 *       string prints {@code (null)}, as glibc does.
 *   <li>{@link #log}: a libxl log line as xl's stderr logger writes it ({@code libxl__logv}, {@code
 *       xtl_logger_stdio.c}): {@code libxl: error: FILE:LINE:FUNC: Domain N:MESSAGE: STRERROR}, with the domain part
 *       only for a guest domain ({@code libxl_domid_valid_guest}) and the errno part only for {@code LOGE}/{@code
 *       LOGED}. FILE and LINE are those of the Xen sources pvsim follows (commit {@code c447b7308b}).
 *   <li>{@link #bitmap}: xl's {@code print_bitmap}: {@code all}, {@code none}, or ranges {@code 0-3,5}.
 * </ul>
 */
final class XlConsole {
    /** libxl's log levels as {@code xtl_level_to_string} names them. */
    enum Level {
        ERROR("error"),
        WARN("warning");

        final String text;

        Level(String text) {
            this.text = text;
        }
    }

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final java.util.List<XlChunk> transcript = new java.util.ArrayList<>();

    /** Standard output so far. */
    String out() {
        return out.toString();
    }

    /** Standard error so far. */
    String err() {
        return err.toString();
    }

    /** Both streams, interleaved in the order written. */
    java.util.List<XlChunk> transcript() {
        return java.util.List.copyOf(transcript);
    }

    /** {@code printf(format, args)} to standard output. */
    void printf(String format, Object... args) {
        print(format(format, args));
    }

    /** {@code fprintf(stderr, format, args)}. */
    void eprintf(String format, Object... args) {
        error(format(format, args));
    }

    /** Appends text to standard output as it is. */
    void print(String text) {
        out.append(text);
        transcript.add(new XlChunk(false, text));
    }

    private void error(String text) {
        err.append(text);
        transcript.add(new XlChunk(true, text));
    }

    /**
     * A libxl log line on standard error.
     *
     * @param domid the domain the line is about, or -1 for none ({@code LOG}, {@code LOGE})
     * @param rc the hypercall's result whose errno the line ends with, or 0 for none ({@code LOG}, {@code LOGD})
     */
    void log(Level level, String file, int line, String func, int domid, long rc, String message) {
        StringBuilder sb = new StringBuilder();
        sb.append("libxl: ").append(level.text).append(": ");
        sb.append(file).append(':').append(line).append(':').append(func).append(": ");
        if (domid > 0 && domid < DomId.DOMID_FIRST_RESERVED) {
            sb.append("Domain ").append(domid).append(':');
        }
        sb.append(message);
        if (rc < 0) {
            sb.append(": ").append(strerror(rc));
        }
        error(sb.append('\n').toString());
    }

    /** glibc's {@code strerror} text for a negated errno. */
    static String strerror(long rc) {
        Errno e = Errno.ofCode((int) -rc);
        if (e == null) {
            return "Unknown error " + (-rc);
        }
        return switch (e) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case EFAULT -> "Bad address";
            case EBUSY -> "Device or resource busy";
            case EEXIST -> "File exists";
            case EINVAL -> "Invalid argument";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case ENOSYS -> "Function not implemented";
            case EAGAIN -> "Resource temporarily unavailable";
            case EOPNOTSUPP -> "Operation not supported";
            default -> e.name();
        };
    }

    /**
     * The C {@code printf} conversions xl uses: {@code %s %d %u %c %%} with a {@code -} flag and a width, and {@code
     * %W.Pf} (rounded as glibc does: the exact binary value, ties to even).
     */
    static String format(String format, Object... args) {
        StringBuilder sb = new StringBuilder();
        int a = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            int j = i + 1;
            boolean left = false;
            if (format.charAt(j) == '-') {
                left = true;
                j++;
            }
            int width = 0;
            while (Character.isDigit(format.charAt(j))) {
                width = width * 10 + (format.charAt(j++) - '0');
            }
            int precision = -1;
            if (format.charAt(j) == '.') {
                j++;
                precision = 0;
                while (Character.isDigit(format.charAt(j))) {
                    precision = precision * 10 + (format.charAt(j++) - '0');
                }
            }
            char conv = format.charAt(j);
            String text;
            switch (conv) {
                case '%' -> text = "%";
                case 's' -> text = args[a] == null ? "(null)" : args[a].toString();
                case 'd', 'u' -> text = Long.toString(((Number) args[a]).longValue());
                case 'c' -> text = args[a].toString();
                case 'f' ->
                    text = new BigDecimal(((Number) args[a]).doubleValue())
                            .setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_EVEN)
                            .toPlainString();
                default -> throw new IllegalArgumentException("unsupported conversion %" + conv + " in " + format);
            }
            if (conv != '%') {
                a++;
            }
            if (text.length() < width) {
                String pad = " ".repeat(width - text.length());
                text = left ? text + pad : pad + text;
            }
            sb.append(text);
            i = j;
        }
        return sb.toString();
    }

    /** xl's {@code print_bitmap} of the first {@code nrBits} bits of {@code map}. */
    static String bitmap(BitSet map, int nrBits) {
        StringBuilder sb = new StringBuilder();
        int state = 0;
        int firstset = 0;
        int i;
        for (i = 0; i < nrBits; i++) {
            boolean set = map.get(i);
            if (state == 0 || state == 2) {
                if (set) {
                    firstset = i;
                    state++;
                }
            } else if (!set) {
                sb.append(state > 1 ? "," : "").append(firstset);
                if (i - 1 > firstset) {
                    sb.append('-').append(i - 1);
                }
                state = 2;
            }
        }
        switch (state) {
            case 0 -> sb.append("none");
            case 1 -> {
                if (firstset == 0) {
                    sb.append("all");
                } else {
                    range(sb, state, firstset, i);
                }
            }
            case 3 -> range(sb, state, firstset, i);
            default -> {}
        }
        return sb.toString();
    }

    private static void range(StringBuilder sb, int state, int firstset, int end) {
        sb.append(state > 1 ? "," : "").append(firstset);
        if (end - 1 > firstset) {
            sb.append('-').append(end - 1);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "stdout:%n%s%nstderr:%n%s", out, err);
    }
}
