package org.pvsim.dom0.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * Random writes, mkdirs, rms, reads and directory listings from dom0 and three domains, each answer compared with a
 * plain model of the tree and of who may touch what (a domain its own home and {@code /shared}, dom0 everything);
 * the whole store is compared at the end. Seeds: {@code -Dpvsim.seed=1,2,3} (default five fixed ones).
 */
class XenstoredRandomTest {
    private static final String[] PARTS = {"a", "b", "c"};
    private static final int STEPS = 600;

    @Test
    void storeMatchesAModelAfterRandomOperations() {
        for (long seed : seeds()) {
            try {
                run(seed);
            } catch (AssertionError e) {
                throw new AssertionError(
                        "seed " + seed + " (rerun with -Dpvsim.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    private static long[] seeds() {
        String p = System.getProperty("pvsim.seed");
        if (p == null || p.isBlank()) {
            return new long[] {1, 2, 3, 42, 20240606};
        }
        String[] s = p.split(",");
        long[] out = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Long.parseLong(s[i].trim());
        }
        return out;
    }

    private static void run(long seed) throws AssertionError {
        SplittableRandom rnd = new SplittableRandom(seed);
        XsFixture f = new XsFixture();
        Model m = new Model();
        try {
            f.dom0.mkdir(0, "/shared");
            f.dom0.setPerms(0, "/shared", List.of(new XsPermission(0, XsPermission.BOTH)));
        } catch (XsException e) {
            throw new AssertionError(e);
        }
        m.write("/shared", "");
        m.write("/local/domain", "");
        RingClient[] doms = new RingClient[4];
        for (int d = 1; d <= 3; d++) {
            doms[d] = f.domain(d);
            m.write("/local/domain/" + d, "");
        }
        for (int step = 0; step < STEPS; step++) {
            int client = rnd.nextInt(4);
            String path = randomPath(rnd);
            int op = rnd.nextInt(5);
            String value = "v" + rnd.nextInt(100);
            String expected = m.expect(client, op, path, value);
            String actual = client == 0 ? viaSocket(f.dom0, op, path, value) : viaRing(doms[client], op, path, value);
            assertThat(actual)
                    .as("step %d: client %d op %d %s", step, client, op, path)
                    .isEqualTo(expected);
        }
        Map<String, XsNode> nodes = f.xs.nodes();
        TreeMap<String, String> actualValues = new TreeMap<>();
        for (Map.Entry<String, XsNode> e : nodes.entrySet()) {
            if (e.getKey().startsWith("/shared") || e.getKey().startsWith("/local")) {
                actualValues.put(e.getKey(), new String(e.getValue().value(), StandardCharsets.UTF_8));
                assertThat(e.getValue().children())
                        .as("children of " + e.getKey())
                        .isEqualTo(m.children.get(e.getKey()));
            }
        }
        TreeMap<String, String> modelValues = new TreeMap<>(m.values);
        modelValues.put("/local", "");
        assertThat(actualValues).isEqualTo(modelValues);
    }

    private static String randomPath(SplittableRandom rnd) {
        String base = switch (rnd.nextInt(3)) {
            case 0 -> "/shared";
            default -> "/local/domain/" + (1 + rnd.nextInt(3));
        };
        int depth = 1 + rnd.nextInt(3);
        StringBuilder b = new StringBuilder(base);
        for (int i = 0; i < depth; i++) {
            b.append('/').append(PARTS[rnd.nextInt(PARTS.length)]);
        }
        return b.toString();
    }

    private static String viaSocket(XsSocket s, int op, String path, String value) {
        try {
            return switch (op) {
                case 0 -> {
                    s.write(0, path, value);
                    yield "OK";
                }
                case 1 -> {
                    s.mkdir(0, path);
                    yield "OK";
                }
                case 2 -> {
                    s.rm(0, path);
                    yield "OK";
                }
                case 3 -> "=" + s.read(0, path);
                default -> "dir" + s.directory(0, path);
            };
        } catch (XsException e) {
            return e.errno();
        }
    }

    private static String viaRing(RingClient c, int op, String path, String value) {
        RingClient.Msg r = switch (op) {
            case 0 -> c.call(XsdSockmsgType.XS_WRITE, 0, (path + "\0" + value).getBytes(StandardCharsets.ISO_8859_1));
            case 1 -> c.call(XsdSockmsgType.XS_MKDIR, path);
            case 2 -> c.call(XsdSockmsgType.XS_RM, path);
            case 3 -> c.call(XsdSockmsgType.XS_READ, path);
            default -> c.call(XsdSockmsgType.XS_DIRECTORY, path);
        };
        if (r.isError()) {
            return r.errno();
        }
        return switch (op) {
            case 3 -> "=" + r.text();
            case 4 -> "dir" + r.strings();
            default -> r.strings().get(0);
        };
    }

    /** The tree as values and ordered children, and the access rule. */
    private static final class Model {
        final TreeMap<String, String> values = new TreeMap<>();
        final TreeMap<String, List<String>> children = new TreeMap<>();

        Model() {
            values.put("/local", "");
            children.put("/local", new ArrayList<>());
        }

        String expect(int client, int op, String path, String value) {
            boolean allowed =
                    client == 0 || path.startsWith("/shared/") || path.startsWith("/local/domain/" + client + "/");
            if (!allowed) {
                return "EACCES";
            }
            switch (op) {
                case 0:
                    write(path, value);
                    return "OK";
                case 1:
                    if (!values.containsKey(path)) {
                        write(path, "");
                    }
                    return "OK";
                case 2:
                    if (values.containsKey(path)) {
                        rm(path);
                        return "OK";
                    }
                    return values.containsKey(XsPaths.parent(path)) ? "OK" : "ENOENT";
                case 3:
                    return values.containsKey(path) ? "=" + values.get(path) : "ENOENT";
                default:
                    return values.containsKey(path) ? "dir" + children.get(path) : "ENOENT";
            }
        }

        void write(String path, String value) {
            if (!values.containsKey(path)) {
                String parent = XsPaths.parent(path);
                if (!values.containsKey(parent) && !parent.equals("/")) {
                    write(parent, "");
                }
                if (children.containsKey(parent)) {
                    children.get(parent).add(XsPaths.basename(path));
                }
                children.put(path, new ArrayList<>());
            }
            values.put(path, value);
        }

        void rm(String path) {
            for (String c : List.copyOf(children.get(path))) {
                rm(XsPaths.child(path, c));
            }
            values.remove(path);
            children.remove(path);
            List<String> siblings = children.get(XsPaths.parent(path));
            if (siblings != null) {
                siblings.remove(XsPaths.basename(path));
            }
        }
    }
}
