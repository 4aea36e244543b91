/** The grant-table subsystem: installation, domain lifecycle hooks and audit. */
package org.pvsim.gnttab.subsystem;
