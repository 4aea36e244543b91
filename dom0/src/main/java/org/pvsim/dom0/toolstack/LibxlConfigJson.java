package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvsim.dom0.xlcfg.CpuAffinity;
import org.pvsim.dom0.xlcfg.CpuSet;
import org.pvsim.dom0.xlcfg.DomainConfigReader;
import org.pvsim.dom0.xlcfg.ShutdownAction;

/**
 * {@code xl list -l}: each domain's saved configuration as libxl's JSON ({@code list_domains_details} in {@code
 * tools/xl/xl_info.c}, {@code libxl_domain_config_gen_json} generated from {@code libxl_types.idl}): an array of
 * {@code {"domid": N, "config": {...}}} in yajl's pretty form ({@link YajlGen}), printed with {@code puts}.
 *
 * <p>The configuration holds what pvsim keeps of {@code libxl_domain_config}, under libxl's key names and in the
 * IDL's order: {@code c_info} ({@code type}, {@code name}, {@code uuid}, {@code run_hotplug_scripts}), {@code b_info}
 * ({@code max_vcpus}, {@code avail_vcpus}, {@code vcpu_hard_affinity}/{@code vcpu_soft_affinity} when set, {@code
 * max_memkb}, {@code target_memkb}, the grant-table limits, {@code sched_params}, {@code event_channels}, {@code
 * kernel}, {@code cmdline}, {@code type.pv}), then the {@code on_*} actions. As libxl's generator does, a field at its
 * IDL default is left out: so {@code on_poweroff}, {@code on_watchdog} and {@code on_crash} appear only when not
 * {@code destroy}. Bitmaps are the arrays of their set bits; booleans ({@code libxl_defbool}) are {@code "True"} and
 * {@code "False"}.
 */
final class LibxlConfigJson {
    /**
     * A domain's saved configuration: what it was built from and its {@code on_*} actions.
     *
     * @param spec what the toolstack built
     * @param onPoweroff {@code on_poweroff}
     * @param onReboot {@code on_reboot}
     * @param onWatchdog {@code on_watchdog}
     * @param onCrash {@code on_crash}
     * @param onSoftReset {@code on_soft_reset}
     */
    record Saved(
            DomainBuildSpec spec,
            ShutdownAction onPoweroff,
            ShutdownAction onReboot,
            ShutdownAction onWatchdog,
            ShutdownAction onCrash,
            ShutdownAction onSoftReset) {}

    private LibxlConfigJson() {}

    /** Prints the JSON of every domain of {@code info} the toolstack has a saved configuration for. */
    static void printDetails(Libxl libxl, List<LibxlDominfo> info) {
        int nrCpus = Math.max(libxl.maxCpus(), 1);
        List<Object> all = new ArrayList<>();
        for (LibxlDominfo d : info) {
            Optional<Saved> saved = LibxlLife.savedConfig(libxl, d.domid());
            if (saved.isEmpty()) {
                continue; // libxl_retrieve_domain_configuration failed: xl skips the domain
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("domid", d.domid());
            one.put("config", config(saved.get(), nrCpus));
            all.add(one);
        }
        libxl.con.print(YajlGen.generate(all) + "\n");
    }

    /** {@code libxl_domain_config}'s JSON object. */
    static Map<String, Object> config(Saved saved, int nrCpus) {
        DomainBuildSpec s = saved.spec();
        Map<String, Object> cInfo = new LinkedHashMap<>();
        cInfo.put("type", "pv");
        cInfo.put("name", s.name());
        cInfo.put("uuid", LibxlDominfo.uuidString(s.handle()));
        cInfo.put("run_hotplug_scripts", "True");

        Map<String, Object> bInfo = new LinkedHashMap<>();
        bInfo.put("max_vcpus", s.maxVcpus());
        List<Object> avail = new ArrayList<>();
        for (int v = 0; v < s.onlineVcpus(); v++) {
            avail.add(v);
        }
        bInfo.put("avail_vcpus", avail);
        if (s.cpus().isSet()) {
            bInfo.put("vcpu_hard_affinity", affinity(s.cpus(), s.maxVcpus(), nrCpus));
        }
        if (s.cpusSoft().isSet()) {
            bInfo.put("vcpu_soft_affinity", affinity(s.cpusSoft(), s.maxVcpus(), nrCpus));
        }
        bInfo.put("max_memkb", s.memoryKib());
        bInfo.put("target_memkb", s.memoryKib());
        bInfo.put("max_grant_frames", s.maxGrantFrames());
        bInfo.put("max_maptrack_frames", s.maxMaptrackFrames());
        bInfo.put("max_grant_version", s.maxGrantVersion());
        Map<String, Object> sched = new LinkedHashMap<>();
        if (s.cpuWeight() != DomainConfigReader.DEFAULT_CPU_WEIGHT) {
            sched.put("weight", s.cpuWeight());
        }
        if (s.cap() != 0) {
            sched.put("cap", s.cap());
        }
        if (s.rtdsPeriodUs() != DomainConfigReader.DEFAULT_RTDS_PERIOD_US) {
            sched.put("period", s.rtdsPeriodUs());
        }
        if (!s.rtdsExtratime()) {
            sched.put("extratime", 0);
        }
        bInfo.put("sched_params", sched);
        bInfo.put("event_channels", s.maxEvtchnPort());
        bInfo.put("kernel", s.kernel());
        bInfo.put("cmdline", s.cmdline());
        bInfo.put("type.pv", new LinkedHashMap<String, Object>());

        Map<String, Object> c = new LinkedHashMap<>();
        c.put("c_info", cInfo);
        c.put("b_info", bInfo);
        action(c, "on_poweroff", saved.onPoweroff());
        action(c, "on_reboot", saved.onReboot());
        action(c, "on_watchdog", saved.onWatchdog());
        action(c, "on_crash", saved.onCrash());
        action(c, "on_soft_reset", saved.onSoftReset());
        return c;
    }

    /** {@code libxl_action_on_shutdown_to_string}, left out at its default ({@code destroy}). */
    private static void action(Map<String, Object> c, String key, ShutdownAction a) {
        if (a != ShutdownAction.DESTROY) {
            c.put(key, a.xlName().replace('-', '_'));
        }
    }

    private static List<Object> affinity(CpuAffinity a, int maxVcpus, int nrCpus) {
        List<Object> out = new ArrayList<>();
        for (int v = 0; v < maxVcpus; v++) {
            CpuSet set = a.forVcpu(v).orElse(CpuSet.ALL);
            out.add(new ArrayList<Object>(set.resolve(nrCpus)));
        }
        return out;
    }
}
