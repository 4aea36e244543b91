package org.pvsim.hypervisor.abi;

/**
 * The x86-64 layouts of the structures pvsim's Descriptors follow, as a C compiler lays them out from Xen's own
 * headers: the reference the Descriptor tests compare against, independent of the offsets written by hand.
 *
 * <p>Produced at Xen commit c447b7308b by compiling {@code xen/include/public/{xen,vcpu,memory,sched,domctl,sysctl,
 * version,features}.h} (and {@code physdev.h}, at the mirror's newest commit, unchanged there since) with {@code gcc -std=gnu11 -m64 -D__XEN_TOOLS__} (so the interface version is the latest, and
 * {@code __XEN__} is not defined) and printing, for each structure and each member path the Descriptors list, {@code
 * sizeof}/{@code _Alignof} and {@code offsetof}/{@code sizeof}. Only member names and numbers are kept here, no
 * header text.
 *
 * <p>Line format: {@code S <struct> <sizeof> <alignof>} or {@code F <struct> <member path> <offsetof> <sizeof>} (a
 * flexible array member has size 0).
 */
final class XenHeaderLayouts {
    private XenHeaderLayouts() {}

    static final String X86_64 = """
            S mmu_update 16 8
            F mmu_update ptr 0 8
            F mmu_update val 8 8
            S mmuext_op 24 8
            F mmuext_op cmd 0 4
            F mmuext_op arg1.mfn 8 8
            F mmuext_op arg1.linear_addr 8 8
            F mmuext_op arg2.nr_ents 16 4
            F mmuext_op arg2.vcpumask 16 8
            F mmuext_op arg2.src_mfn 16 8
            S multicall_entry 64 8
            F multicall_entry op 0 8
            F multicall_entry result 8 8
            F multicall_entry args 16 48
            S start_info 1168 8
            F start_info magic 0 32
            F start_info nr_pages 32 8
            F start_info shared_info 40 8
            F start_info flags 48 4
            F start_info store_mfn 56 8
            F start_info store_evtchn 64 4
            F start_info console.domU.mfn 72 8
            F start_info console.domU.evtchn 80 4
            F start_info console.dom0.info_off 72 4
            F start_info console.dom0.info_size 76 4
            F start_info pt_base 88 8
            F start_info nr_pt_frames 96 8
            F start_info mfn_list 104 8
            F start_info mod_start 112 8
            F start_info mod_len 120 8
            F start_info cmd_line 128 1024
            F start_info first_p2m_pfn 1152 8
            F start_info nr_p2m_frames 1160 8
            S vcpu_time_info 32 8
            F vcpu_time_info version 0 4
            F vcpu_time_info pad0 4 4
            F vcpu_time_info tsc_timestamp 8 8
            F vcpu_time_info system_time 16 8
            F vcpu_time_info tsc_to_system_mul 24 4
            F vcpu_time_info tsc_shift 28 1
            F vcpu_time_info flags 29 1
            F vcpu_time_info pad1 30 2
            S vcpu_info 64 8
            F vcpu_info evtchn_upcall_pending 0 1
            F vcpu_info evtchn_upcall_mask 1 1
            F vcpu_info evtchn_pending_sel 8 8
            F vcpu_info arch.cr2 16 8
            F vcpu_info arch.pad 24 8
            F vcpu_info time 32 32
            S shared_info 3136 8
            F shared_info vcpu_info 0 2048
            F shared_info evtchn_pending 2048 512
            F shared_info evtchn_mask 2560 512
            F shared_info wc_version 3072 4
            F shared_info wc_sec 3076 4
            F shared_info wc_nsec 3080 4
            F shared_info wc_sec_hi 3084 4
            F shared_info arch.max_pfn 3088 8
            F shared_info arch.pfn_to_mfn_frame_list_list 3096 8
            F shared_info arch.nmi_reason 3104 8
            F shared_info arch.p2m_cr3 3112 8
            F shared_info arch.p2m_vaddr 3120 8
            F shared_info arch.p2m_generation 3128 8
            S vcpu_runstate_info 48 8
            F vcpu_runstate_info state 0 4
            F vcpu_runstate_info state_entry_time 8 8
            F vcpu_runstate_info time 16 32
            S vcpu_set_periodic_timer 8 8
            F vcpu_set_periodic_timer period_ns 0 8
            S vcpu_set_singleshot_timer 16 8
            F vcpu_set_singleshot_timer timeout_abs_ns 0 8
            F vcpu_set_singleshot_timer flags 8 4
            S trap_info 16 8
            F trap_info vector 0 1
            F trap_info flags 1 1
            F trap_info cs 2 2
            F trap_info address 8 8
            S cpu_user_regs 200 8
            F cpu_user_regs r15 0 8
            F cpu_user_regs r14 8 8
            F cpu_user_regs r13 16 8
            F cpu_user_regs r12 24 8
            F cpu_user_regs rbp 32 8
            F cpu_user_regs rbx 40 8
            F cpu_user_regs r11 48 8
            F cpu_user_regs r10 56 8
            F cpu_user_regs r9 64 8
            F cpu_user_regs r8 72 8
            F cpu_user_regs rax 80 8
            F cpu_user_regs rcx 88 8
            F cpu_user_regs rdx 96 8
            F cpu_user_regs rsi 104 8
            F cpu_user_regs rdi 112 8
            F cpu_user_regs error_code 120 4
            F cpu_user_regs entry_vector 124 4
            F cpu_user_regs rip 128 8
            F cpu_user_regs cs 136 2
            F cpu_user_regs _pad0 138 2
            F cpu_user_regs saved_upcall_mask 140 1
            F cpu_user_regs _pad1 141 3
            F cpu_user_regs rflags 144 8
            F cpu_user_regs rsp 152 8
            F cpu_user_regs ss 160 2
            F cpu_user_regs _pad2 162 6
            F cpu_user_regs es 168 2
            F cpu_user_regs _pad3 170 6
            F cpu_user_regs ds 176 2
            F cpu_user_regs _pad4 178 6
            F cpu_user_regs fs 184 2
            F cpu_user_regs _pad5 186 6
            F cpu_user_regs gs 192 2
            F cpu_user_regs _pad6 194 6
            S vcpu_guest_context 5168 8
            F vcpu_guest_context fpu_ctxt 0 512
            F vcpu_guest_context flags 512 8
            F vcpu_guest_context user_regs.r15 520 8
            F vcpu_guest_context user_regs.r14 528 8
            F vcpu_guest_context user_regs.r13 536 8
            F vcpu_guest_context user_regs.r12 544 8
            F vcpu_guest_context user_regs.rbp 552 8
            F vcpu_guest_context user_regs.rbx 560 8
            F vcpu_guest_context user_regs.r11 568 8
            F vcpu_guest_context user_regs.r10 576 8
            F vcpu_guest_context user_regs.r9 584 8
            F vcpu_guest_context user_regs.r8 592 8
            F vcpu_guest_context user_regs.rax 600 8
            F vcpu_guest_context user_regs.rcx 608 8
            F vcpu_guest_context user_regs.rdx 616 8
            F vcpu_guest_context user_regs.rsi 624 8
            F vcpu_guest_context user_regs.rdi 632 8
            F vcpu_guest_context user_regs.error_code 640 4
            F vcpu_guest_context user_regs.entry_vector 644 4
            F vcpu_guest_context user_regs.rip 648 8
            F vcpu_guest_context user_regs.cs 656 2
            F vcpu_guest_context user_regs._pad0 658 2
            F vcpu_guest_context user_regs.saved_upcall_mask 660 1
            F vcpu_guest_context user_regs._pad1 661 3
            F vcpu_guest_context user_regs.rflags 664 8
            F vcpu_guest_context user_regs.rsp 672 8
            F vcpu_guest_context user_regs.ss 680 2
            F vcpu_guest_context user_regs._pad2 682 6
            F vcpu_guest_context user_regs.es 688 2
            F vcpu_guest_context user_regs._pad3 690 6
            F vcpu_guest_context user_regs.ds 696 2
            F vcpu_guest_context user_regs._pad4 698 6
            F vcpu_guest_context user_regs.fs 704 2
            F vcpu_guest_context user_regs._pad5 706 6
            F vcpu_guest_context user_regs.gs 712 2
            F vcpu_guest_context user_regs._pad6 714 6
            F vcpu_guest_context trap_ctxt 720 4096
            F vcpu_guest_context ldt_base 4816 8
            F vcpu_guest_context ldt_ents 4824 8
            F vcpu_guest_context gdt_frames 4832 128
            F vcpu_guest_context gdt_ents 4960 8
            F vcpu_guest_context kernel_ss 4968 8
            F vcpu_guest_context kernel_sp 4976 8
            F vcpu_guest_context ctrlreg 4984 64
            F vcpu_guest_context debugreg 5048 64
            F vcpu_guest_context event_callback_eip 5112 8
            F vcpu_guest_context failsafe_callback_eip 5120 8
            F vcpu_guest_context syscall_callback_eip 5128 8
            F vcpu_guest_context vm_assist 5136 8
            F vcpu_guest_context fs_base 5144 8
            F vcpu_guest_context gs_base_kernel 5152 8
            F vcpu_guest_context gs_base_user 5160 8
            S xen_memory_reservation 32 8
            F xen_memory_reservation extent_start 0 8
            F xen_memory_reservation nr_extents 8 8
            F xen_memory_reservation extent_order 16 4
            F xen_memory_reservation mem_flags 20 4
            F xen_memory_reservation domid 24 2
            S sched_shutdown 4 4
            F sched_shutdown reason 0 4
            S sched_remote_shutdown 8 4
            F sched_remote_shutdown domain_id 0 2
            F sched_remote_shutdown reason 4 4
            S sched_poll 24 8
            F sched_poll ports 0 8
            F sched_poll nr_ports 8 4
            F sched_poll timeout 16 8
            S callback_register 16 8
            F callback_register type 0 2
            F callback_register flags 2 2
            F callback_register address 8 8
            S sched_watchdog 8 4
            F sched_watchdog id 0 4
            F sched_watchdog timeout 4 4
            S sched_pin_override 4 4
            F sched_pin_override pcpu 0 4
            S xen_arch_domainconfig 8 4
            F xen_arch_domainconfig emulation_flags 0 4
            F xen_arch_domainconfig misc_flags 4 4
            S xen_domctl 144 8
            F xen_domctl cmd 0 4
            F xen_domctl interface_version 4 4
            F xen_domctl domain 8 2
            F xen_domctl _pad 10 6
            F xen_domctl u.createdomain 16 68
            F xen_domctl u.getdomaininfo 16 112
            F xen_domctl u.max_mem 16 8
            F xen_domctl u.vcpucontext 16 16
            F xen_domctl u.max_vcpus 16 4
            F xen_domctl u.vcpuaffinity 16 40
            F xen_domctl u.getvcpuinfo 16 24
            F xen_domctl u.scheduler_op 16 24
            F xen_domctl u.pad 16 128
            S xen_domctl_createdomain 68 4
            F xen_domctl_createdomain ssidref 0 4
            F xen_domctl_createdomain handle 4 16
            F xen_domctl_createdomain flags 20 4
            F xen_domctl_createdomain iommu_opts 24 4
            F xen_domctl_createdomain max_vcpus 28 4
            F xen_domctl_createdomain max_evtchn_port 32 4
            F xen_domctl_createdomain max_grant_frames 36 4
            F xen_domctl_createdomain max_maptrack_frames 40 4
            F xen_domctl_createdomain grant_opts 44 4
            F xen_domctl_createdomain altp2m.opts 48 2
            F xen_domctl_createdomain altp2m.nr 50 2
            F xen_domctl_createdomain vmtrace_size 52 4
            F xen_domctl_createdomain cpupool_id 56 4
            F xen_domctl_createdomain arch.emulation_flags 60 4
            F xen_domctl_createdomain arch.misc_flags 64 4
            S xen_domctl_getdomaininfo 112 8
            F xen_domctl_getdomaininfo domain 0 2
            F xen_domctl_getdomaininfo pad1 2 2
            F xen_domctl_getdomaininfo flags 4 4
            F xen_domctl_getdomaininfo tot_pages 8 8
            F xen_domctl_getdomaininfo max_pages 16 8
            F xen_domctl_getdomaininfo outstanding_pages 24 8
            F xen_domctl_getdomaininfo shr_pages 32 8
            F xen_domctl_getdomaininfo paged_pages 40 8
            F xen_domctl_getdomaininfo shared_info_frame 48 8
            F xen_domctl_getdomaininfo cpu_time 56 8
            F xen_domctl_getdomaininfo nr_online_vcpus 64 4
            F xen_domctl_getdomaininfo max_vcpu_id 68 4
            F xen_domctl_getdomaininfo ssidref 72 4
            F xen_domctl_getdomaininfo handle 76 16
            F xen_domctl_getdomaininfo cpupool 92 4
            F xen_domctl_getdomaininfo gpaddr_bits 96 1
            F xen_domctl_getdomaininfo pad2 97 7
            F xen_domctl_getdomaininfo arch_config.emulation_flags 104 4
            F xen_domctl_getdomaininfo arch_config.misc_flags 108 4
            S xen_domctl_max_mem 8 8
            F xen_domctl_max_mem max_memkb 0 8
            S xen_domctl_vcpucontext 16 8
            F xen_domctl_vcpucontext vcpu 0 4
            F xen_domctl_vcpucontext ctxt 8 8
            S xen_domctl_max_vcpus 4 4
            F xen_domctl_max_vcpus max 0 4
            S xenctl_bitmap 16 8
            F xenctl_bitmap bitmap 0 8
            F xenctl_bitmap nr_bits 8 4
            S xen_domctl_getvcpuinfo 24 8
            F xen_domctl_getvcpuinfo vcpu 0 4
            F xen_domctl_getvcpuinfo online 4 1
            F xen_domctl_getvcpuinfo blocked 5 1
            F xen_domctl_getvcpuinfo running 6 1
            F xen_domctl_getvcpuinfo cpu_time 8 8
            F xen_domctl_getvcpuinfo cpu 16 4
            S xen_domctl_vcpuaffinity 40 8
            F xen_domctl_vcpuaffinity vcpu 0 4
            F xen_domctl_vcpuaffinity flags 4 4
            F xen_domctl_vcpuaffinity cpumap_hard.bitmap 8 8
            F xen_domctl_vcpuaffinity cpumap_hard.nr_bits 16 4
            F xen_domctl_vcpuaffinity cpumap_soft.bitmap 24 8
            F xen_domctl_vcpuaffinity cpumap_soft.nr_bits 32 4
            S xen_domctl_schedparam_vcpu 16 4
            F xen_domctl_schedparam_vcpu u.credit.weight 0 2
            F xen_domctl_schedparam_vcpu u.credit.cap 2 2
            F xen_domctl_schedparam_vcpu u.credit2.weight 0 2
            F xen_domctl_schedparam_vcpu u.credit2.cap 2 2
            F xen_domctl_schedparam_vcpu u.rtds.period 0 4
            F xen_domctl_schedparam_vcpu u.rtds.budget 4 4
            F xen_domctl_schedparam_vcpu u.rtds.flags 8 4
            F xen_domctl_schedparam_vcpu vcpuid 12 4
            S xen_domctl_scheduler_op 24 8
            F xen_domctl_scheduler_op sched_id 0 4
            F xen_domctl_scheduler_op cmd 4 4
            F xen_domctl_scheduler_op u.credit.weight 8 2
            F xen_domctl_scheduler_op u.credit.cap 10 2
            F xen_domctl_scheduler_op u.credit2.weight 8 2
            F xen_domctl_scheduler_op u.credit2.cap 10 2
            F xen_domctl_scheduler_op u.rtds.period 8 4
            F xen_domctl_scheduler_op u.rtds.budget 12 4
            F xen_domctl_scheduler_op u.rtds.flags 16 4
            F xen_domctl_scheduler_op u.v.vcpus 8 8
            F xen_domctl_scheduler_op u.v.nr_vcpus 16 4
            F xen_domctl_scheduler_op u.v.padding 20 4
            S xen_sysctl 136 8
            F xen_sysctl cmd 0 4
            F xen_sysctl interface_version 4 4
            F xen_sysctl u.readconsole 8 24
            F xen_sysctl u.physinfo 8 112
            F xen_sysctl u.getdomaininfolist 8 24
            F xen_sysctl u.sched_id 8 4
            F xen_sysctl u.scheduler_op 8 32
            F xen_sysctl u.pad 8 128
            S xen_sysctl_physinfo 112 8
            F xen_sysctl_physinfo threads_per_core 0 4
            F xen_sysctl_physinfo cores_per_socket 4 4
            F xen_sysctl_physinfo nr_cpus 8 4
            F xen_sysctl_physinfo max_cpu_id 12 4
            F xen_sysctl_physinfo nr_nodes 16 4
            F xen_sysctl_physinfo max_node_id 20 4
            F xen_sysctl_physinfo cpu_khz 24 4
            F xen_sysctl_physinfo capabilities 28 4
            F xen_sysctl_physinfo arch_capabilities 32 4
            F xen_sysctl_physinfo pad 36 4
            F xen_sysctl_physinfo total_pages 40 8
            F xen_sysctl_physinfo free_pages 48 8
            F xen_sysctl_physinfo scrub_pages 56 8
            F xen_sysctl_physinfo outstanding_pages 64 8
            F xen_sysctl_physinfo max_mfn 72 8
            F xen_sysctl_physinfo hw_cap 80 32
            S xen_sysctl_getdomaininfolist 24 8
            F xen_sysctl_getdomaininfolist first_domain 0 2
            F xen_sysctl_getdomaininfolist max_domains 4 4
            F xen_sysctl_getdomaininfolist buffer 8 8
            F xen_sysctl_getdomaininfolist num_domains 16 4
            S xen_sysctl_readconsole 24 8
            F xen_sysctl_readconsole clear 0 1
            F xen_sysctl_readconsole incremental 1 1
            F xen_sysctl_readconsole pad0 2 1
            F xen_sysctl_readconsole pad1 3 1
            F xen_sysctl_readconsole index 4 4
            F xen_sysctl_readconsole buffer 8 8
            F xen_sysctl_readconsole count 16 4
            S xen_sysctl_sched_id 4 4
            F xen_sysctl_sched_id sched_id 0 4
            S xen_sysctl_scheduler_op 32 8
            F xen_sysctl_scheduler_op cpupool_id 0 4
            F xen_sysctl_scheduler_op sched_id 4 4
            F xen_sysctl_scheduler_op cmd 8 4
            F xen_sysctl_scheduler_op u.sched_arinc653.schedule 16 8
            F xen_sysctl_scheduler_op u.sched_credit.tslice_ms 16 4
            F xen_sysctl_scheduler_op u.sched_credit.ratelimit_us 20 4
            F xen_sysctl_scheduler_op u.sched_credit.vcpu_migr_delay_us 24 4
            F xen_sysctl_scheduler_op u.sched_credit2.ratelimit_us 16 4
            S xen_compile_info 144 1
            F xen_compile_info compiler 0 64
            F xen_compile_info compile_by 64 16
            F xen_compile_info compile_domain 80 32
            F xen_compile_info compile_date 112 32
            S xen_platform_parameters 8 8
            F xen_platform_parameters virt_start 0 8
            S xen_feature_info 8 4
            F xen_feature_info submap_idx 0 4
            F xen_feature_info submap 4 4
            S xen_varbuf 4 4
            F xen_varbuf len 0 4
            F xen_varbuf buf 4 0
            S physdev_map_pirq 40 8
            F physdev_map_pirq domid 0 2
            F physdev_map_pirq type 4 4
            F physdev_map_pirq index 8 4
            F physdev_map_pirq pirq 12 4
            F physdev_map_pirq bus 16 4
            F physdev_map_pirq devfn 20 4
            F physdev_map_pirq entry_nr 24 4
            F physdev_map_pirq table_base 32 8
            S physdev_unmap_pirq 8 4
            F physdev_unmap_pirq domid 0 2
            F physdev_unmap_pirq pirq 4 4
            S physdev_eoi 4 4
            F physdev_eoi irq 0 4
            S physdev_irq_status_query 8 4
            F physdev_irq_status_query irq 0 4
            F physdev_irq_status_query flags 4 4
            S physdev_set_iopl 4 4
            F physdev_set_iopl iopl 0 4
            """;
}
