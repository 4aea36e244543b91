package org.pvsim.dom0.toolstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.pvsim.dom0.xlcfg.CheckedDomainConfig;
import org.pvsim.dom0.xlcfg.DomainConfig;
import org.pvsim.dom0.xlcfg.DomainConfigReader;
import org.pvsim.dom0.xlcfg.XlCfgException;
import org.pvsim.dom0.xlcfg.XlCfgParser;
import org.pvsim.dom0.xlcfg.XlCfgSource;
import org.pvsim.dom0.xlcfg.XlCfgWarning;

/**
 * {@code xl create [FILE] [-p] [-q] [KEY=VALUE ...]} ({@code main_create} and {@code create_domain} in {@code
 * tools/xl/xl_vmcontrol.c}): builds a domain from an xl.cfg file. As in xl, the {@code KEY=VALUE} arguments are extra
 * configuration lines appended to the file's text ({@code "\n" + lines + "\n"}), so they override the file's
 * settings, and {@code /dev/null} as FILE means "only the command line's settings".
 *
 * <p>The file is read on the host side when the command is typed ({@link #load}: it is dom0's filesystem), and the
 * record carries what reading and parsing gave: the checked configuration, or the failure xl would report. Run by
 * dom0 it prints xl's {@code Parsing config from FILE} (not with {@code -q}) and the parser's warnings on standard
 * error, then has libxl create the domain ({@code libxl_domain_create_new}, then unpause unless {@code -p}). Like xl
 * (which then daemonizes to watch the domain) it prints nothing else on success.
 *
 * <p>Exit statuses, as xl's: 0; 1 for a configuration xl refuses ({@code exit(1)} in {@code parse_config_data});
 * 3 ({@code -ERROR_FAIL}) when the file cannot be read or libxl fails; 6 ({@code -ERROR_INVAL}) with no file at all
 * ({@code Config file not specified and none in save file}).
 *
 * @param configFile the file as named on the command line, or {@code null} if none was given
 * @param extraConfig the {@code KEY=VALUE} arguments, in order
 * @param paused {@code -p}: leave the domain paused
 * @param quiet {@code -q}: do not print {@code Parsing config from}
 * @param loaded what reading and checking the configuration gave
 */
public record XlCreate(String configFile, List<String> extraConfig, boolean paused, boolean quiet, Loaded loaded)
        implements XlCommand, XlRunnable {

    /** Exit status for a configuration xl refuses. */
    static final int EXIT_BAD_CONFIG = 1;

    /**
     * What reading and parsing the configuration gave.
     *
     * @param config the checked configuration, when it could be used
     * @param readError {@code strerror} of the failed read, when the file could not be read
     * @param errors the lines xl prints for a configuration it refuses (the parser's message, then xl's)
     */
    public record Loaded(Optional<CheckedDomainConfig> config, Optional<String> readError, List<String> errors) {
        /** Copies; exactly one of the three is set. */
        public Loaded {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(readError, "readError");
            errors = List.copyOf(errors);
            int set = (config.isPresent() ? 1 : 0) + (readError.isPresent() ? 1 : 0) + (errors.isEmpty() ? 0 : 1);
            if (set > 1) {
                throw new IllegalArgumentException("a loaded configuration is a config, a read error or errors");
            }
        }

        /** A configuration that could be used. */
        public static Loaded of(CheckedDomainConfig config) {
            return new Loaded(Optional.of(config), Optional.empty(), List.of());
        }
    }

    /** Checks and copies. */
    public XlCreate {
        Objects.requireNonNull(loaded, "loaded");
        extraConfig = List.copyOf(extraConfig);
        for (String e : extraConfig) {
            if (e.indexOf('=') < 0) {
                throw new IllegalArgumentException("an extra configuration setting is KEY=VALUE, not " + e);
            }
        }
    }

    /**
     * Reads {@code configFile} (if given) from the host's filesystem, appends the extra settings as xl does, parses and
     * checks the result.
     *
     * @param configFile the file as named, or {@code null}
     * @param workingDir where a relative name is found
     */
    public static XlCreate load(
            String configFile, List<String> extraConfig, boolean paused, boolean quiet, Path workingDir) {
        if (configFile == null) {
            return new XlCreate(
                    null, extraConfig, paused, quiet, new Loaded(Optional.empty(), Optional.empty(), List.of()));
        }
        String text;
        try {
            text = Files.readString(workingDir.resolve(configFile), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return unreadable(configFile, extraConfig, paused, quiet, "No such file or directory");
        } catch (AccessDeniedException e) {
            return unreadable(configFile, extraConfig, paused, quiet, "Permission denied");
        } catch (IOException e) {
            String why = Files.isDirectory(workingDir.resolve(configFile)) ? "Is a directory" : "Input/output error";
            return unreadable(configFile, extraConfig, paused, quiet, why);
        }
        return parse(configFile, text, extraConfig, paused, quiet);
    }

    /** {@link #load} of a text already read: the file's {@code text} as named {@code configFile}. */
    public static XlCreate parse(
            String configFile, String text, List<String> extraConfig, boolean paused, boolean quiet) {
        StringBuilder data = new StringBuilder(text);
        if (!extraConfig.isEmpty()) {
            data.append('\n');
            extraConfig.forEach(e -> data.append(e).append('\n'));
        }
        Loaded loaded;
        try {
            loaded = Loaded.of(
                    DomainConfigReader.read(XlCfgParser.parse(data.toString(), XlCfgSource.file(configFile))));
        } catch (XlCfgException e) {
            List<String> lines = new ArrayList<>();
            lines.add(e.getMessage());
            lines.add("Failed to parse config: Invalid argument");
            loaded = new Loaded(Optional.empty(), Optional.empty(), lines);
        }
        return new XlCreate(configFile, extraConfig, paused, quiet, loaded);
    }

    private static XlCreate unreadable(
            String configFile, List<String> extraConfig, boolean paused, boolean quiet, String why) {
        return new XlCreate(
                configFile, extraConfig, paused, quiet, new Loaded(Optional.empty(), Optional.of(why), List.of()));
    }

    @Override
    public String name() {
        return "create";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        if (configFile != null) {
            a.add(configFile);
        }
        if (paused) {
            a.add("-p");
        }
        if (quiet) {
            a.add("-q");
        }
        a.addAll(extraConfig);
        return List.copyOf(a);
    }

    @Override
    public int run(Libxl libxl) {
        XlConsole con = libxl.con;
        if (configFile == null) {
            con.eprintf("Config file not specified and none in save file\n");
            return -LibxlError.INVAL;
        }
        if (loaded.readError().isPresent()) {
            con.eprintf(
                    "Failed to read config file: %s: %s\n",
                    configFile, loaded.readError().get());
            return -LibxlError.FAIL;
        }
        if (!quiet) {
            con.eprintf("Parsing config from %s\n", configFile);
        }
        if (loaded.config().isEmpty()) {
            loaded.errors().forEach(line -> con.eprintf("%s\n", line));
            return EXIT_BAD_CONFIG;
        }
        CheckedDomainConfig checked = loaded.config().get();
        for (XlCfgWarning w : checked.warnings()) {
            con.eprintf("%s\n", w);
        }
        DomainBuildSpec spec = buildSpec(
                checked.config(), handle(checked.config().name(), libxl.cpu().rdtsc()));
        int rc = LibxlLife.domains(libxl).create(spec, paused);
        return rc < 0 ? -rc : 0;
    }

    /**
     * What libxl builds from the configuration: the same settings {@code pvsim run} passes for a scenario's domain;
     * the kernel command line is the configuration's ({@code cmdline}, or {@code root} and {@code extra}) with {@code
     * pvsim.vcpus=N} appended, so the guest's {@code workload=} comes from the file.
     */
    static DomainBuildSpec buildSpec(DomainConfig c, byte[] handle) {
        String own = c.kernelCommandLine();
        String cmdline = (own.isBlank() ? "" : own + " ") + "pvsim.vcpus=" + c.vcpus();
        return DomainBuildSpec.of(c, handle, cmdline);
    }

    /**
     * The domain's handle: xl generates a random UUID; pvsim derives one from the name and the virtual time of the
     * creation, so runs repeat and two creations of one name differ.
     */
    static byte[] handle(String name, long nowNs) {
        UUID uuid = UUID.nameUUIDFromBytes(("pvsim:xl-create:" + name + ":" + nowNs).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
