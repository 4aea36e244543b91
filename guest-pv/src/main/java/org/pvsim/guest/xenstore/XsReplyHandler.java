package org.pvsim.guest.xenstore;

import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * What the kernel runs when the reply to one of its xenstore requests arrives: the continuation of an operation that
 * Linux's {@code xs_talkv} would wait for. It runs in the store port's event handler (an upcall, events masked on that
 * vCPU), once per request, on the vCPU that took the event; it may issue further requests.
 */
@FunctionalInterface
public interface XsReplyHandler {
    /** Handles {@code reply}; an error reply ({@link XsReply#isError()}) names the errno. */
    void reply(GuestCpu cpu, XsReply reply);
}
