package org.pvsim.dom0.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsJsonTest {

    @Test
    void statsJsonHasSnakeCaseKeysInAFixedOrderDomainsByIdAndATrailingNewline() {
        assertThat(StatsJson.toJson(ReportFixtures.report())).isEqualTo("""
                        {
                          "scenario": "default",
                          "seed": 42,
                          "virtual_ns": 3000000000,
                          "wall_ns": 123456789,
                          "journal_records": 1000,
                          "journal_sha256": "abababababababababababababababababababababababababababababababab",
                          "warnings": [
                            "demo.yaml:4:3: host.scheduler: credit2 is not simulated yet; this run uses rr"
                          ],
                          "host": {
                            "pcpus": 4,
                            "memory_kib": 2097152,
                            "free_memory_kib": 1000000
                          },
                          "domains": [
                            {
                              "id": 0,
                              "name": "Domain-0",
                              "state": "r-----",
                              "shutdown_reason": null,
                              "cpu_ns": 200000000,
                              "memory_kib": 524288,
                              "max_memory_kib": 524288,
                              "vcpus_online": 1,
                              "vcpus": [
                                {
                                  "id": 0,
                                  "running_ns": 200000000,
                                  "runnable_ns": 5000,
                                  "blocked_ns": 2799995000,
                                  "offline_ns": 0
                                }
                              ],
                              "hypercalls": {
                                "console_io": 3,
                                "sched_op": 12
                              }
                            },
                            {
                              "id": 1,
                              "name": "guest-cpu",
                              "state": "-b----",
                              "shutdown_reason": null,
                              "cpu_ns": 250000000,
                              "memory_kib": 65536,
                              "max_memory_kib": 65536,
                              "vcpus_online": 2,
                              "vcpus": [
                                {
                                  "id": 0,
                                  "running_ns": 1,
                                  "runnable_ns": 2,
                                  "blocked_ns": 3,
                                  "offline_ns": 4
                                },
                                {
                                  "id": 1,
                                  "running_ns": 10,
                                  "runnable_ns": 20,
                                  "blocked_ns": 30,
                                  "offline_ns": 40
                                }
                              ],
                              "hypercalls": { }
                            },
                            {
                              "id": 2,
                              "name": "guest-memory",
                              "state": "---sc-",
                              "shutdown_reason": "crash",
                              "cpu_ns": 1234567890,
                              "memory_kib": 65536,
                              "max_memory_kib": 131072,
                              "vcpus_online": 1,
                              "vcpus": [
                                {
                                  "id": 0,
                                  "running_ns": 1,
                                  "runnable_ns": 2,
                                  "blocked_ns": 3,
                                  "offline_ns": 4
                                }
                              ],
                              "hypercalls": {
                                "memory_op": 40,
                                "xen_version": 1
                              }
                            }
                          ],
                          "scheduling": {
                            "scheduler": "credit2",
                            "pcpu_busy_ns": [
                              1000000,
                              2000000,
                              0,
                              0
                            ],
                            "domains": [
                              {
                                "id": 0,
                                "name": "Domain-0",
                                "weight": 256,
                                "cap": 0,
                                "cpu_percent": 1.5,
                                "fair_percent": 133.3,
                                "wakeups": 300,
                                "latency_p50_ns": 2000,
                                "latency_p99_ns": 9000,
                                "latency_max_ns": 12000,
                                "migrations": 4
                              },
                              {
                                "id": 1,
                                "name": "guest",
                                "weight": 512,
                                "cap": 25,
                                "cpu_percent": 24.9,
                                "fair_percent": 25.0,
                                "wakeups": 10,
                                "latency_p50_ns": 1000,
                                "latency_p99_ns": 1500,
                                "latency_max_ns": 1500,
                                "migrations": 0
                              }
                            ]
                          }
                        }
                        """);
    }

    @Test
    void writingPutsTheSameTextInTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(StatsJson.FILE_NAME);
        StatsJson.write(ReportFixtures.report(), file);
        assertThat(Files.readString(file)).isEqualTo(StatsJson.toJson(ReportFixtures.report()));
    }

    @Test
    void warningsGoFirstWhenMerged() {
        RunReport merged = ReportFixtures.report().withWarningsFirst(java.util.List.of("scenario warning"));
        assertThat(merged.warnings()).first().isEqualTo("scenario warning");
        assertThat(merged.warnings()).hasSize(2);
    }
}
