package io.github.backscatterguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {

    @TempDir
    Path tmp;

    @Test
    void tsvPrintsOneLinePerFileWithItsKind() throws IOException {
        Path dsn = Messages.write(tmp.resolve("dsn.eml"), Messages.DSN);
        Path regular = Messages.write(tmp.resolve("regular.eml"), Messages.REGULAR);

        CliRun run = CliRun.of("classify", "--tsv", dsn.toString(), regular.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().get(0).split("\t", -1)).hasSize(3)
            .startsWith(dsn.toString(), "ndr");
        assertThat(run.outLines().get(0).split("\t", -1)[2]).contains("status=" + Messages.STATUS);
        assertThat(run.outLines().get(1).split("\t", -1)).hasSize(3)
            .startsWith(regular.toString(), "regular");
    }

    @Test
    void directoriesAreWalkedRecursivelyInNameOrderWithPathsAsGiven() throws IOException {
        Path root = tmp.resolve("mail");
        Messages.write(root.resolve("b/2-regular.eml"), Messages.REGULAR);
        Messages.write(root.resolve("a/z/3-dsn.eml"), Messages.DSN);
        Messages.write(root.resolve("a/1-dsn.eml"), Messages.DSN);
        Messages.write(root.resolve("c.eml"), Messages.REGULAR);

        CliRun run = CliRun.of("classify", "--tsv", root.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.outLines()).containsExactly(
            root.resolve("a/1-dsn.eml") + "\tndr\t" + evidenceOf(run, 0),
            root.resolve("a/z/3-dsn.eml") + "\tndr\t" + evidenceOf(run, 1),
            root.resolve("b/2-regular.eml") + "\tregular\t" + evidenceOf(run, 2),
            root.resolve("c.eml") + "\tregular\t" + evidenceOf(run, 3));
        assertThat(run.err).contains("ndr").contains("regular").containsPattern("total\\s+4 files");
    }

    @Test
    void aLinkBackToAnAncestorDirectoryIsNotFollowedForever() throws IOException {
        Path root = tmp.resolve("mail");
        Messages.write(root.resolve("sub/1.eml"), Messages.REGULAR);
        createSymbolicLinkOrSkip(root.resolve("sub/back-to-root"), root);

        CliRun run = CliRun.of("classify", "--tsv", root.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.outLines()).hasSize(1);
        assertThat(run.err).contains("skipped " + root.resolve("sub/back-to-root"));
    }

    @Test
    void aMissingFileIsRegularWithErrorEvidenceAndExitCodeOne() throws IOException {
        Path regular = Messages.write(tmp.resolve("regular.eml"), Messages.REGULAR);
        Path missing = tmp.resolve("does-not-exist.eml");

        CliRun run = CliRun.of("classify", "--tsv", missing.toString(), regular.toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.outLines()).containsExactly(
            missing + "\tregular\terror:NoSuchFileException",
            regular + "\tregular\t" + evidenceOf(run, 1));
        assertThat(run.err).contains("1 could not be read");
    }

    @Test
    void anUnreadableDirectoryIsReportedAndTheRunGoesOn() throws IOException {
        Path root = tmp.resolve("mail");
        Path regular = Messages.write(root.resolve("a.eml"), Messages.REGULAR);
        Path locked = Files.createDirectories(root.resolve("locked"));
        Messages.write(locked.resolve("hidden.eml"), Messages.REGULAR);
        try {
            Files.setPosixFilePermissions(locked, Set.of());
            assumeFalse(Files.isReadable(locked), "this user reads any directory (root)");

            CliRun run = CliRun.of("classify", "--tsv", root.toString());

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.outLines()).containsExactly(
                regular + "\tregular\t" + evidenceOf(run, 0),
                locked + "\tregular\terror:AccessDeniedException");
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no POSIX permissions here");
        } finally {
            locked.toFile().setReadable(true);
            locked.toFile().setExecutable(true);
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void tabsAndNewlinesInAPathAreEscapedSoTheLineCountStaysExact() throws IOException {
        Path odd = tmp.resolve("odd\tname\nwith \"quotes\" and \\.eml");
        try {
            Messages.write(odd, Messages.DSN);
        } catch (IOException | RuntimeException e) {
            assumeTrue(false, "the file system refuses such a name: " + e);
        }

        CliRun tsv = CliRun.of("classify", "--tsv", tmp.toString());
        CliRun json = CliRun.of("classify", "--json", tmp.toString());

        assertThat(tsv.outLines()).hasSize(1);
        assertThat(tsv.outLines().get(0)).startsWith(
            tmp + "/odd\\tname\\nwith \"quotes\" and \\\\.eml\tndr\t");
        assertThat(json.outLines()).hasSize(1);
        assertThat(json.outLines().get(0)).startsWith(
            "{\"path\":\"" + tmp + "/odd\\tname\\nwith \\\"quotes\\\" and \\\\.eml\",\"kind\":\"ndr\",");
    }

    @Test
    void jsonPrintsOneObjectPerFileWithTheDeliveryReport() throws IOException {
        Path dsn = Messages.write(tmp.resolve("dsn.eml"), Messages.DSN);
        Path regular = Messages.write(tmp.resolve("regular.eml"), Messages.REGULAR);
        Path missing = tmp.resolve("missing.eml");

        CliRun run = CliRun.of("classify", "--json", dsn.toString(), regular.toString(), missing.toString());

        assertThat(run.exitCode).isEqualTo(1);
        List<String> lines = run.outLines();
        assertThat(lines).hasSize(3).allSatisfy(line -> {
            assertThat(line).startsWith("{\"path\":\"").endsWith("}");
            assertThat(line).contains(",\"kind\":\"", ",\"evidence\":[", ",\"failedRecipients\":[",
                ",\"statusCodes\":[", ",\"reportingMta\":", ",\"diagnostic\":");
        });
        assertThat(lines.get(0))
            .startsWith("{\"path\":\"" + dsn + "\",\"kind\":\"ndr\",")
            .contains("\"failedRecipients\":[\"" + Messages.FAILED_RECIPIENT + "\"]")
            .contains("\"statusCodes\":[\"" + Messages.STATUS + "\"]")
            .contains("\"reportingMta\":\"" + Messages.REPORTING_MTA + "\"");
        assertThat(lines.get(1)).startsWith("{\"path\":\"" + regular + "\",\"kind\":\"regular\",");
        assertThat(lines.get(2)).isEqualTo("{\"path\":\"" + missing + "\",\"kind\":\"regular\","
            + "\"evidence\":[\"error:NoSuchFileException\"],\"failedRecipients\":[],\"statusCodes\":[],"
            + "\"reportingMta\":null,\"diagnostic\":null}");
    }

    @Test
    void defaultOutputAlignsTheKindColumn() throws IOException {
        Path dsn = Messages.write(tmp.resolve("dsn.eml"), Messages.DSN);
        Path regular = Messages.write(tmp.resolve("regular.eml"), Messages.REGULAR);

        CliRun run = CliRun.of("classify", dsn.toString(), regular.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.outLines()).hasSize(2);
        int pathColumn = "challenge-response".length() + 2;
        assertThat(run.outLines().get(0)).startsWith("ndr ").contains(" [");
        assertThat(run.outLines().get(0).indexOf(dsn.toString())).isEqualTo(pathColumn);
        assertThat(run.outLines().get(1)).startsWith("regular ");
        assertThat(run.outLines().get(1).indexOf(regular.toString())).isEqualTo(pathColumn);
    }

    @Test
    void tsvAndJsonTogetherAreAUsageError() throws IOException {
        Path regular = Messages.write(tmp.resolve("regular.eml"), Messages.REGULAR);

        CliRun run = CliRun.of("classify", "--tsv", "--json", regular.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("mutually exclusive");
    }

    @Test
    void noPathIsAUsageError() {
        CliRun run = CliRun.of("classify", "--tsv");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("FILE|DIR");
    }

    private static String evidenceOf(CliRun run, int line) {
        return run.outLines().get(line).split("\t", -1)[2];
    }

    private static void createSymbolicLinkOrSkip(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }
    }
}
