package org.pvsim.dom0.xenstore;

import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;

/**
 * Node names: the characters a path may hold ({@code valid_chars}), turning a client's path into the store's key
 * ({@code canonicalize}: relative paths are under the connection's home {@code /local/domain/<domid>}), parent and
 * base names ({@code get_parent}, {@code basename}) of {@code core.c}.
 */
final class XsPaths {
    /** The special node fired when a domain is introduced. */
    static final String INTRODUCE_DOMAIN = "@introduceDomain";
    /** The special node fired when a domain shuts down, dies or is released. */
    static final String RELEASE_DOMAIN = "@releaseDomain";

    private static final String LOCAL_DOMAIN = "/local/domain/";

    private XsPaths() {}

    /** {@code get_implicit_path}: the home of a connection's relative paths. */
    static String home(int domid) {
        return "/local/domain/" + domid;
    }

    /** {@code valid_chars}: letters, digits and {@code -/_@} only. */
    static boolean validChars(String node) {
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '/'
                    || c == '_'
                    || c == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code canonicalize}: the absolute name of {@code node} for a connection of {@code domid}, or {@link XsError}
     * {@code EINVAL} if the text is missing, holds a character outside {@link #validChars}, starts with {@code @}
     * where no special node is allowed, ends with {@code /} (other than {@code /} itself), holds {@code //}, or is
     * too long: an unprivileged connection's path beyond its {@code /local/domain/<id>/} prefix is limited by
     * {@code pathMax} ({@code ACC_PATHLEN}); every path by {@code XENSTORE_ABS_PATH_MAX}.
     */
    static String canonicalize(String node, int domid, boolean privileged, int pathMax, boolean allowSpecial) {
        if (node == null || !validChars(node) || (node.startsWith("@") && !allowSpecial)) {
            throw new XsError(XsError.EINVAL);
        }
        String name = node.startsWith("/") || node.startsWith("@") ? node : home(domid) + "/" + node;
        int localOff = localOffset(name);
        if ((name.endsWith("/") && !name.equals("/"))
                || name.contains("//")
                || name.length() > XsdSockmsgDescriptor.XENSTORE_ABS_PATH_MAX
                || (!privileged && name.length() - localOff > pathMax)) {
            throw new XsError(XsError.EINVAL);
        }
        return name;
    }

    /** Whether a client named {@code node} relatively (watch events then report paths relative to its home). */
    static boolean isRelative(String node) {
        return !node.startsWith("/") && !node.startsWith("@");
    }

    /** {@code get_parent}: {@code /a/b} → {@code /a}; {@code /a} and {@code @x} → {@code /}. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** {@code basename}: the last component. */
    static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code child_name}. */
    static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    /** The offset after {@code /local/domain/<up to 5 digits>/}, as {@code sscanf("%5u/%n")} finds it, else 0. */
    private static int localOffset(String name) {
        if (!name.startsWith(LOCAL_DOMAIN)) {
            return 0;
        }
        int i = LOCAL_DOMAIN.length();
        int digits = 0;
        while (i < name.length() && digits < 5 && Character.isDigit(name.charAt(i))) {
            i++;
            digits++;
        }
        return digits > 0 && i < name.length() && name.charAt(i) == '/' ? i + 1 : 0;
    }
}
