package org.pvsim.dom0.xenstore;

import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;

/**
 * One complete request as read from a connection ({@code struct buffered_data} with its header): the raw type (not
 * necessarily a known {@link org.pvsim.hypervisor.abi.io.XsdSockmsgType}), the request and transaction ids to echo,
 * and the payload.
 */
record XsRequest(int type, int reqId, int txId, byte[] payload) {
    /** The request in a whole message (header and payload); {@code null} if the lengths disagree. */
    static XsRequest parse(byte[] message) {
        if (message.length < XsdSockmsgDescriptor.SIZE) {
            return null;
        }
        int len = XsWire.get32(message, XsdSockmsgDescriptor.LEN_OFFSET);
        if (len < 0 || len != message.length - XsdSockmsgDescriptor.SIZE) {
            return null;
        }
        byte[] payload = new byte[len];
        System.arraycopy(message, XsdSockmsgDescriptor.SIZE, payload, 0, len);
        return new XsRequest(
                XsWire.get32(message, XsdSockmsgDescriptor.TYPE_OFFSET),
                XsWire.get32(message, XsdSockmsgDescriptor.REQ_ID_OFFSET),
                XsWire.get32(message, XsdSockmsgDescriptor.TX_ID_OFFSET),
                payload);
    }
}
