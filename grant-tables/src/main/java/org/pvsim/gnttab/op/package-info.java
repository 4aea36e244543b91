/**
 * The {@code GNTTABOP_*} commands ({@code xen/common/grant_table.c}): the dispatcher {@link
 * org.pvsim.gnttab.op.GrantTableOp}, map and unmap, the table commands, and the plug-in point ({@link
 * org.pvsim.gnttab.op.GnttabBatchOp}, {@link org.pvsim.gnttab.op.GnttabOpFactory}) for copy and transfer.
 */
package org.pvsim.gnttab.op;
