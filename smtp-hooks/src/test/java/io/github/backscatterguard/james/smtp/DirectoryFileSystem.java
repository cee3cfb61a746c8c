package io.github.backscatterguard.james.smtp;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.james.filesystem.api.FileSystem;

/** James's FileSystem over one home folder, resolving file:// names as James's own FileSystemImpl does (file://var/x = home/var/x). */
final class DirectoryFileSystem implements FileSystem {
    private final Path home;

    DirectoryFileSystem(Path home) {
        this.home = home;
    }

    @Override
    public InputStream getResource(String url) throws java.io.IOException {
        return Files.newInputStream(getFile(url).toPath());
    }

    @Override
    public File getFile(String fileURL) throws FileNotFoundException {
        if (fileURL.startsWith(FILE_PROTOCOL_ABSOLUTE)) {
            return new File(fileURL.substring(FILE_PROTOCOL_ABSOLUTE.length() - 1));
        }
        if (fileURL.startsWith(FILE_PROTOCOL)) {
            return home.resolve(fileURL.substring(FILE_PROTOCOL.length())).toFile();
        }
        throw new FileNotFoundException("unsupported in this test: " + fileURL);
    }

    @Override
    public File getBasedir() {
        return home.toFile();
    }
}
