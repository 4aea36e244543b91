package org.pvsim.dom0.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version {@code pvsim --version} prints: the one Maven records in the jar ({@code pom.properties} of
 * {@code org.pvsim:pvsim-dom0}), else the jar manifest's {@code Implementation-Version}, else {@code dev} (running from
 * classes, as in tests).
 */
public final class PvsimVersion implements IVersionProvider {

    private static final String POM_PROPERTIES = "META-INF/maven/org.pvsim/pvsim-dom0/pom.properties";

    /** The version text. */
    public static String version() {
        try (InputStream in = PvsimVersion.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String manifest = PvsimVersion.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"pvsim " + version()};
    }
}
