package org.pvsim.hypervisor.irq;

import java.util.stream.IntStream;

/**
 * One domain's PIRQ mappings ({@code d->arch.pirq_irq} and {@code irq_pirq}, {@code xen/arch/x86/irq.c}): PIRQ to
 * physical IRQ and back. Invariant: the two tables are inverses; a PIRQ maps to at most one IRQ and an IRQ to at most
 * one PIRQ of the domain.
 */
final class DomainPirqs {
    private final int[] pirqToIrq;
    private final int[] irqToPirq;

    DomainPirqs(int nrPirqs, int nrIrqs) {
        this.pirqToIrq = new int[nrPirqs];
        this.irqToPirq = new int[nrIrqs];
    }

    /** The IRQ {@code pirq} is mapped to, or 0. */
    int irq(int pirq) {
        return pirqToIrq[pirq];
    }

    /** The PIRQ {@code irq} is mapped to, or 0. */
    int pirq(int irq) {
        return irqToPirq[irq];
    }

    void map(int pirq, int irq) {
        pirqToIrq[pirq] = irq;
        irqToPirq[irq] = pirq;
    }

    void unmap(int pirq) {
        int irq = pirqToIrq[pirq];
        pirqToIrq[pirq] = 0;
        if (irq > 0 && irqToPirq[irq] == pirq) {
            irqToPirq[irq] = 0;
        }
    }

    /** Whether {@code pirq} is neither mapped nor reserved ({@code is_free_pirq}). */
    boolean isFree(int pirq) {
        return pirqToIrq[pirq] == 0;
    }

    /** Every mapped PIRQ, ascending. */
    int[] mapped() {
        return IntStream.range(0, pirqToIrq.length)
                .filter(p -> pirqToIrq[p] != 0)
                .toArray();
    }
}
