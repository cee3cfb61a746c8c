package io.github.backscatterguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackscatterGuardCliTest {

    @Test
    void versionNamesTheProjectVersion() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).startsWith("backscatter-guard ").doesNotContain("${").doesNotContain("unknown");
    }

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("classify", "explain", "check-ip", "Exit codes:", "check-ip: the IP is listed", "check-ip: the IP is not listed");
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        CliRun run = CliRun.of("frobnicate");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("frobnicate");
    }
}
