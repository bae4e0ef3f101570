package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Packs a job's files into one tar stream: plain files only, relative names, read-only where asked. */
final class TarArchive {
    private TarArchive() {
    }

    static byte[] of(Map<String, SandboxFile> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var file : files.entrySet()) {
                String name = file.getKey();
                if (name.startsWith("/") || name.contains("..") || name.isBlank()) {
                    throw new IllegalArgumentException("file name must be relative and inside the work dir: " + name);
                }
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(file.getValue().content().length);
                entry.setMode(0100000 | file.getValue().mode());
                tar.putArchiveEntry(entry);
                tar.write(file.getValue().content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
