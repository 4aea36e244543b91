package org.pvsim.dom0.xenstore;

/**
 * One entry of a node's permission list ({@code struct xs_permissions} of {@code xenstore_lib.h}): a domain and what
 * it may do. The first entry of a list names the node's owner, and its {@code perm} is what every domain not listed
 * further may do; the owner itself may always read and write. On the wire an entry is the letter followed by the
 * decimal domid ({@code "r0"}, {@code "b5"}), as {@code xenstore_strings_to_perms} parses it.
 *
 * @param domid the domain the entry is about
 * @param perm {@code 'n'} none, {@code 'r'} read, {@code 'w'} write, {@code 'b'} both
 */
public record XsPermission(int domid, char perm) {
    /** No access ({@code XS_PERM_NONE}). */
    public static final char NONE = 'n';
    /** Read access ({@code XS_PERM_READ}). */
    public static final char READ = 'r';
    /** Write access ({@code XS_PERM_WRITE}). */
    public static final char WRITE = 'w';
    /** Read and write ({@code XS_PERM_READ | XS_PERM_WRITE}). */
    public static final char BOTH = 'b';

    /** Checks that {@code perm} is one of the four letters and {@code domid} is not negative. */
    public XsPermission {
        if (perm != NONE && perm != READ && perm != WRITE && perm != BOTH) {
            throw new IllegalArgumentException("permission '" + perm + "' is not one of n, r, w, b");
        }
        if (domid < 0) {
            throw new IllegalArgumentException("domid " + domid + " is negative");
        }
    }

    /** Whether this entry grants reading. */
    public boolean canRead() {
        return perm == READ || perm == BOTH;
    }

    /** Whether this entry grants writing. */
    public boolean canWrite() {
        return perm == WRITE || perm == BOTH;
    }

    /** The wire form, e.g. {@code "b0"}. */
    @Override
    public String toString() {
        return perm + Integer.toString(domid);
    }

    /**
     * Parses one wire entry ({@code "r3"}), as {@code xenstore_strings_to_perms} does.
     *
     * @return the entry, or {@code null} if the text is not a letter among n, r, w, b followed by a decimal domid
     *     below 65536
     */
    public static XsPermission parse(String text) {
        if (text.length() < 2 || text.length() > 6) {
            return null;
        }
        char p = text.charAt(0);
        if (p != NONE && p != READ && p != WRITE && p != BOTH) {
            return null;
        }
        int domid = 0;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            domid = domid * 10 + (c - '0');
        }
        return domid > 0xFFFF ? null : new XsPermission(domid, p);
    }
}
