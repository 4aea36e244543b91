package org.pvsim.dom0.xenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvsim.dom0.xenstore.XenstoredPermissionsTest.bytes;
import static org.pvsim.dom0.xenstore.XenstoredWatchTest.drain;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

class XenstoredTransactionTest {
    private final XsFixture f = new XsFixture();

    @Test
    void writesInATransactionAreInvisibleUntilCommit() throws XsException {
        int tx = f.dom0.transactionStart();
        f.dom0.write(tx, "/vm/u/name", "guest");
        assertThat(f.dom0.read(tx, "/vm/u/name")).isEqualTo("guest");
        assertThatThrownBy(() -> f.dom0.read(0, "/vm/u/name")).isInstanceOf(XsException.class);
        assertThat(f.dom0.transactionEnd(tx, true)).isTrue();
        assertThat(f.dom0.read(0, "/vm/u/name")).isEqualTo("guest");
    }

    @Test
    void abortDiscardsEverything() throws XsException {
        int tx = f.dom0.transactionStart();
        f.dom0.write(tx, "/x", "1");
        assertThat(f.dom0.transactionEnd(tx, false)).isTrue();
        assertThat(f.dom0.directory(0, "/")).containsExactly("tool");
    }

    @Test
    void aConflictingWriteMakesTheCommitFailWithEagain() throws XsException {
        f.dom0.write(0, "/counter", "1");
        int tx = f.dom0.transactionStart();
        String v = f.dom0.read(tx, "/counter");
        f.dom0.write(tx, "/counter", Integer.toString(Integer.parseInt(v) + 1));
        XsSocket other = f.xs.openSocket();
        other.write(0, "/counter", "10");
        assertThat(f.dom0.transactionEnd(tx, true)).isFalse();
        assertThat(f.dom0.read(0, "/counter")).isEqualTo("10");
        // The transaction is gone after EAGAIN.
        assertThatThrownBy(() -> f.dom0.read(tx, "/counter"))
                .isInstanceOfSatisfying(
                        XsException.class, e -> assertThat(e.errno()).isEqualTo("ENOENT"));
    }

    @Test
    void aChangeToANodeTheTransactionNeverTouchedDoesNotConflict() throws XsException {
        f.dom0.write(0, "/a", "1");
        f.dom0.write(0, "/b", "1");
        int tx = f.dom0.transactionStart();
        f.dom0.write(tx, "/a", "2");
        f.xs.openSocket().write(0, "/b", "2");
        assertThat(f.dom0.transactionEnd(tx, true)).isTrue();
        assertThat(f.dom0.read(0, "/a")).isEqualTo("2");
    }

    @Test
    void creatingTheSameNodeInTwoTransactionsConflicts() throws XsException {
        XsSocket other = f.xs.openSocket();
        int t1 = f.dom0.transactionStart();
        int t2 = other.transactionStart();
        f.dom0.write(t1, "/n", "a");
        other.write(t2, "/n", "b");
        assertThat(f.dom0.transactionEnd(t1, true)).isTrue();
        assertThat(other.transactionEnd(t2, true)).isFalse();
        assertThat(f.dom0.read(0, "/n")).isEqualTo("a");
    }

    @Test
    void watchesFireAtCommitNotBefore() throws XsException {
        XsSocket watcher = f.xs.openSocket();
        f.dom0.write(0, "/w/old", "1");
        watcher.watch("/w", "t");
        drain(watcher);
        int tx = f.dom0.transactionStart();
        f.dom0.rm(tx, "/w/old");
        f.dom0.write(tx, "/w/a", "1");
        f.dom0.rm(tx, "/w/a");
        f.dom0.write(tx, "/w/b", "2");
        assertThat(drain(watcher)).isEmpty();
        f.dom0.transactionEnd(tx, true);
        // A node created and deleted inside the transaction is not reported: at commit it has no permissions to
        // check the watcher against (finalize_transaction fires with neither node nor old permissions).
        assertThat(drain(watcher)).containsExactlyInAnyOrder("/w/old|t", "/w/b|t");
    }

    @Test
    void aDomainsTransactionOverTheRing() {
        RingClient d1 = f.domain(1);
        RingClient.Msg start = d1.call(XsdSockmsgType.XS_TRANSACTION_START, "");
        int tx = Integer.parseInt(start.strings().get(0));
        assertThat(d1.call(XsdSockmsgType.XS_WRITE, tx, bytes("k\0v")).txId()).isEqualTo(tx);
        assertThat(d1.call(XsdSockmsgType.XS_READ, "k").errno()).isEqualTo("ENOENT");
        assertThat(d1.call(XsdSockmsgType.XS_TRANSACTION_END, tx, XsWire.strings("T"))
                        .text())
                .isEqualTo("OK\0");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "k").text()).isEqualTo("v");
    }
}
