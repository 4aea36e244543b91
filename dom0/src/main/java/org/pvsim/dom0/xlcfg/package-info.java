/**
 * The xl.cfg domain configuration language, as Xen's {@code xl} reads it ({@code man xl.cfg},
 * {@code tools/libs/util/libxlu_cfg_l.l} and {@code libxlu_cfg_y.y}).
 *
 * <p>Two layers:
 *
 * <ol>
 *   <li>The syntax: {@link org.pvsim.dom0.xlcfg.XlCfgParser} turns text into an {@link org.pvsim.dom0.xlcfg.XlConfig},
 *       an ordered set of {@link org.pvsim.dom0.xlcfg.XlSetting}s whose values are
 *       {@link org.pvsim.dom0.xlcfg.XlAtom}s (strings and numbers) and {@link org.pvsim.dom0.xlcfg.XlList}s. A syntax
 *       error is an {@link org.pvsim.dom0.xlcfg.XlCfgException} naming file, line and column.
 *       {@link org.pvsim.dom0.xlcfg.XlCfgWriter} prints a configuration back.
 *   <li>The meaning: {@link org.pvsim.dom0.xlcfg.DomainConfigReader} reads the keys pvsim knows into a typed
 *       {@link org.pvsim.dom0.xlcfg.DomainConfig} with xl's defaults, refuses bad values with the setting's location,
 *       and returns {@link org.pvsim.dom0.xlcfg.XlCfgWarning}s for keys that are pending
 *       ({@link org.pvsim.dom0.xlcfg.PendingKey}), deprecated or unknown. CPU lists ({@code cpus}, {@code cpus_soft})
 *       become {@link org.pvsim.dom0.xlcfg.CpuAffinity} values of {@link org.pvsim.dom0.xlcfg.CpuSet}s. Nothing here
 *       prints.
 * </ol>
 *
 * <p>{@code docs/xl-cfg.md} is the user-facing reference for both layers.
 */
package org.pvsim.dom0.xlcfg;
