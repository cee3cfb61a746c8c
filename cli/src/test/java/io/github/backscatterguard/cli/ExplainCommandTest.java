package io.github.backscatterguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void explainsADeliveryStatusNotification() throws IOException {
        Path dsn = Messages.write(tmp.resolve("dsn.eml"), Messages.DSN);

        CliRun run = CliRun.of("explain", dsn.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
            .contains("Kind:     ndr - a non-delivery report")
            .contains("Bounce:   yes")
            .contains("  - status=" + Messages.STATUS + "\n")
            .contains("  Failed recipients: " + Messages.FAILED_RECIPIENT + "\n")
            .contains("  Status codes:      " + Messages.STATUS + "\n")
            .contains("  Reporting MTA:     " + Messages.REPORTING_MTA + "\n")
            .containsPattern("  Diagnostic:        .*550");
    }

    @Test
    void explainsARegularMessage() throws IOException {
        Path regular = Messages.write(tmp.resolve("regular.eml"), Messages.REGULAR);

        CliRun run = CliRun.of("explain", regular.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
            .contains("Kind:     regular - an ordinary message")
            .contains("Bounce:   no")
            .contains("  Failed recipients: (none found)\n")
            .contains("  Status codes:      (none found)\n");
    }

    @Test
    void aMissingFileIsExplainedAsUnreadableWithExitCodeOne() {
        Path missing = tmp.resolve("missing.eml");

        CliRun run = CliRun.of("explain", missing.toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("Kind:     regular - the file could not be read")
            .contains("  - error:NoSuchFileException\n");
    }

    @Test
    void aDirectoryIsAUsageError() {
        CliRun run = CliRun.of("explain", tmp.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("is a directory");
    }
}
