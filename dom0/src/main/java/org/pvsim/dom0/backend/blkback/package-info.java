/** blkback: dom0's block backend (Linux's {@code xen-blkback}), serving blkif rings from {@code BlockStore}s. */
package org.pvsim.dom0.backend.blkback;
