package org.pvsim.hypervisor.irq;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.PirqHost;
import org.pvsim.hypervisor.spi.PirqSink;

/**
 * The machine's interrupt lines as Xen routes them to guests ({@code xen/arch/x86/irq.c}): each domain's PIRQ table,
 * which domain is each line's guest, and the EOI handshake. pvsim's machine has no IO-APIC, so there are {@link
 * #NR_IRQS_GSI} lines (ISA IRQs 0..15), and every domain has {@link #NR_PIRQS} PIRQs.
 *
 * <p>Lines are level-triggered and acknowledged with {@code ACKTYPE_UNMASK}: when a device asserts a line whose guest
 * has bound a port, the PIRQ is sent ({@link PirqSink}) and the line stays masked ("in flight") until the guest's
 * {@code PHYSDEVOP_eoi}; an assertion meanwhile is remembered and delivered once at the EOI. A line with no guest
 * ignores assertions (counted).
 *
 * <p>Invariants: a line has at most one guest, which has a port bound to the PIRQ mapped to it; a line is in flight
 * only while it has a guest. Lookups by domain id use a map that is never iterated.
 */
public final class IrqLines implements PirqHost {
    /** {@code nr_irqs_gsi}: {@code NR_ISA_IRQS}, on a machine without an IO-APIC. */
    public static final int NR_IRQS_GSI = 16;
    /** {@code d->nr_pirqs}: {@code nr_static_irqs} plus the default {@code extra_guest_irqs} of 32. */
    public static final int NR_PIRQS = NR_IRQS_GSI + 32;

    private final Map<Integer, DomainPirqs> byDomain = new HashMap<>();
    private final int[] guestDomid = new int[NR_IRQS_GSI];
    private final int[] guestPirq = new int[NR_IRQS_GSI];
    private final boolean[] inFlight = new boolean[NR_IRQS_GSI];
    private final boolean[] pendingAtEoi = new boolean[NR_IRQS_GSI];
    private final long[] delivered = new long[NR_IRQS_GSI];
    private final long[] ignored = new long[NR_IRQS_GSI];
    private PirqSink sink = (domid, pirq, now) -> {};

    public IrqLines() {
        Arrays.fill(guestDomid, -1);
    }

    /** Where bound PIRQs are sent: the event-channel subsystem installs its sink. */
    public void setSink(PirqSink sink) {
        this.sink = sink;
    }

    private DomainPirqs table(int domid) {
        return byDomain.computeIfAbsent(domid, d -> new DomainPirqs(NR_PIRQS, NR_IRQS_GSI));
    }

    @Override
    public int nrPirqs() {
        return NR_PIRQS;
    }

    @Override
    public boolean isMapped(int domid, int pirq) {
        DomainPirqs t = byDomain.get(domid);
        return t != null && pirq >= 0 && pirq < NR_PIRQS && t.irq(pirq) > 0;
    }

    /** The IRQ domain {@code domid}'s {@code pirq} is mapped to, or 0. */
    public int irqOf(int domid, int pirq) {
        DomainPirqs t = byDomain.get(domid);
        return t == null || pirq < 0 || pirq >= NR_PIRQS ? 0 : t.irq(pirq);
    }

    /**
     * {@code allocate_and_map_gsi_pirq} for a GSI, as the hardware domain asks: {@code -EINVAL} for a GSI outside
     * 1..{@code nr_irqs_gsi - 1} or a PIRQ beyond {@code nr_pirqs}; with {@code pirq < 0}, the IRQ's existing PIRQ or a
     * free one ({@code get_free_pirq}: from {@code nr_irqs_gsi} up, then from the top down; {@code -ENOSPC} if none);
     * {@code -EEXIST} if the IRQ is already mapped to another PIRQ. A PIRQ already mapped to another IRQ is left as it
     * is and 0 returned, as Xen's {@code map_domain_pirq} does.
     *
     * @return the PIRQ mapped (>= 0), or a negative errno
     */
    public int mapGsi(int domid, int gsi, int pirq) {
        if (gsi < 0 || gsi >= NR_IRQS_GSI) {
            return Errno.EINVAL.neg();
        }
        DomainPirqs t = table(domid);
        int current = t.pirq(gsi);
        if (pirq < 0) {
            if (current != 0) {
                pirq = current;
            } else {
                pirq = freePirq(t);
                if (pirq < 0) {
                    return pirq;
                }
            }
        } else if (current != 0 && pirq != current) {
            return Errno.EEXIST.neg();
        }
        if (pirq >= NR_PIRQS || gsi <= 0) {
            return Errno.EINVAL.neg();
        }
        int oldIrq = t.irq(pirq);
        if ((oldIrq > 0 && oldIrq != gsi) || (current != 0 && current != pirq)) {
            return pirq; // "pirq or irq already mapped": Xen returns success and changes nothing
        }
        t.map(pirq, gsi);
        return pirq;
    }

    private static int freePirq(DomainPirqs t) {
        // Xen first tries NR_ISA_IRQS..nr_irqs_gsi-1, which is empty without an IO-APIC
        for (int i = NR_PIRQS - 1; i >= NR_IRQS_GSI; i--) {
            if (t.isFree(i)) {
                return i;
            }
        }
        return Errno.ENOSPC.neg();
    }

    /**
     * {@code unmap_domain_pirq}: {@code -EINVAL} for a PIRQ out of range or not mapped; a bound line loses its guest
     * ({@code forced_unbind}), the port stays bound to a PIRQ that no longer delivers anything.
     */
    public int unmap(int domid, int pirq) {
        if (pirq < 0 || pirq >= NR_PIRQS) {
            return Errno.EINVAL.neg();
        }
        DomainPirqs t = byDomain.get(domid);
        if (t == null || t.irq(pirq) <= 0) {
            return Errno.EINVAL.neg();
        }
        guestUnbind(domid, pirq);
        t.unmap(pirq);
        return 0;
    }

    @Override
    public int guestBind(int domid, int pirq, boolean willShare) {
        int irq = irqOf(domid, pirq);
        if (irq <= 0) {
            return Errno.EINVAL.neg();
        }
        if (guestDomid[irq] == domid && guestPirq[irq] == pirq) {
            return 0;
        }
        if (guestDomid[irq] >= 0) {
            return Errno.EBUSY.neg();
        }
        guestDomid[irq] = domid;
        guestPirq[irq] = pirq;
        inFlight[irq] = false;
        pendingAtEoi[irq] = false;
        return 0;
    }

    @Override
    public void guestUnbind(int domid, int pirq) {
        int irq = irqOf(domid, pirq);
        if (irq > 0 && guestDomid[irq] == domid && guestPirq[irq] == pirq) {
            guestDomid[irq] = -1;
            guestPirq[irq] = 0;
            inFlight[irq] = false;
            pendingAtEoi[irq] = false;
        }
    }

    /** Forgets every mapping of a destroyed domain, and the lines it was the guest of. */
    public void domainDestroyed(int domid) {
        DomainPirqs t = byDomain.remove(domid);
        if (t == null) {
            return;
        }
        for (int irq = 0; irq < NR_IRQS_GSI; irq++) {
            if (guestDomid[irq] == domid) {
                guestDomid[irq] = -1;
                guestPirq[irq] = 0;
                inFlight[irq] = false;
                pendingAtEoi[irq] = false;
            }
        }
    }

    /**
     * A device asserts line {@code gsi}: delivered to its guest unless the line is in flight (then once more at the
     * EOI), ignored if it has none.
     */
    public void assertLine(int gsi, long now) {
        if (guestDomid[gsi] < 0) {
            ignored[gsi]++;
            return;
        }
        if (inFlight[gsi]) {
            pendingAtEoi[gsi] = true;
            return;
        }
        deliver(gsi, now);
    }

    private void deliver(int gsi, long now) {
        inFlight[gsi] = true;
        delivered[gsi]++;
        sink.send(guestDomid[gsi], guestPirq[gsi], now);
    }

    /**
     * {@code PHYSDEVOP_eoi} ({@code pirq_guest_eoi}): {@code -EINVAL} for a PIRQ beyond {@code nr_pirqs} or one the
     * domain has not mapped; otherwise 0, and the line is unmasked, delivering an assertion that came meanwhile.
     */
    public int eoi(int domid, int pirq, long now) {
        if (pirq < 0 || pirq >= NR_PIRQS) {
            return Errno.EINVAL.neg();
        }
        int irq = irqOf(domid, pirq);
        if (irq <= 0) {
            return Errno.EINVAL.neg();
        }
        if (guestDomid[irq] == domid && guestPirq[irq] == pirq && inFlight[irq]) {
            inFlight[irq] = false;
            if (pendingAtEoi[irq]) {
                pendingAtEoi[irq] = false;
                deliver(irq, now);
            }
        }
        return 0;
    }

    /** Interrupts delivered on line {@code gsi} since boot. */
    public long delivered(int gsi) {
        return delivered[gsi];
    }

    /** Assertions of line {@code gsi} that found no guest. */
    public long ignored(int gsi) {
        return ignored[gsi];
    }

    /** The guest domain of line {@code gsi}, or -1. */
    public int guestOf(int gsi) {
        return guestDomid[gsi];
    }

    /** Whether line {@code gsi} waits for its guest's EOI. */
    public boolean isInFlight(int gsi) {
        return inFlight[gsi];
    }
}
