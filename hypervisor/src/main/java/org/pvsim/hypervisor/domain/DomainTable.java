package org.pvsim.hypervisor.domain;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.DomId;

/**
 * All domains by id, and the allocation of new ids as {@code common/domid.c} does it: id 0 only for the first boot
 * domain; {@code DOMID_ANY} searches 1..{@link DomId#DOMID_LAST_ALLOCATABLE}, starting after the id handed out last
 * and wrapping. Iteration is always in ascending id order.
 */
public final class DomainTable {
    private final Domain[] byId = new Domain[DomId.DOMID_FIRST_RESERVED];
    private int lastAllocated;

    /** The domain with this id, or {@code null}. */
    public Domain get(long domid) {
        return domid >= 0 && domid < byId.length ? byId[(int) domid] : null;
    }

    /** Whether the id is a real domain id not in use. */
    public boolean isFree(int domid) {
        return DomId.isRealDomain(domid) && byId[domid] == null;
    }

    /**
     * {@code domid_alloc}: a free id {@code < DOMID_FIRST_RESERVED} is taken as asked; {@code DOMID_ANY} searches
     * from the id after the last one it found, skipping 0, wrapping once.
     *
     * @return the id, or -1 if the asked id is taken or reserved, or no id is free
     */
    public int allocateId(int requested) {
        if (requested < DomId.DOMID_FIRST_RESERVED) {
            return requested >= 0 && byId[requested] == null ? requested : -1;
        }
        if (requested != DomId.DOMID_ANY) {
            return -1;
        }
        for (int id = lastAllocated + 1; id < DomId.DOMID_FIRST_RESERVED; id++) {
            if (byId[id] == null) {
                lastAllocated = id;
                return id;
            }
        }
        for (int id = 1; id <= lastAllocated; id++) {
            if (byId[id] == null) {
                lastAllocated = id;
                return id;
            }
        }
        return -1;
    }

    public void add(Domain d) {
        if (byId[d.domid()] != null) {
            throw new IllegalStateException("domain id " + d.domid() + " is in use");
        }
        byId[d.domid()] = d;
    }

    public void remove(Domain d) {
        if (byId[d.domid()] == d) {
            byId[d.domid()] = null;
        }
    }

    /** The domains in ascending id order. */
    public List<Domain> all() {
        List<Domain> list = new ArrayList<>();
        for (Domain d : byId) {
            if (d != null) {
                list.add(d);
            }
        }
        return list;
    }

    /** The first domain with id {@code >= from}, or {@code null}. */
    public Domain firstFrom(int from) {
        for (int i = Math.max(0, from); i < byId.length; i++) {
            if (byId[i] != null) {
                return byId[i];
            }
        }
        return null;
    }
}
