/**
 * Grant tables (GNTTABOP_*): grant frames in guest memory, active entries, maptrack and mappings through the PV MMU. Arrives with the grant-table issue; until then only its abi package exists.
 */
package org.pvsim.gnttab;
