/**
 * What a run reports: the {@link org.pvsim.dom0.report.RunReport} model the engine fills, its {@code stats.json} form
 * ({@link org.pvsim.dom0.report.StatsJson}), and the console tables: {@code xl list}
 * ({@link org.pvsim.dom0.report.XlListFormatter}, Xen's exact format) and hypercalls per domain
 * ({@link org.pvsim.dom0.report.HypercallSummaryFormatter}).
 *
 * <p>Everything printed is deterministic: domains in domain-id order, hypercalls in name order, numbers formatted
 * without the platform locale.
 */
package org.pvsim.dom0.report;
