package dev.arbiter.sandbox.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Image tags that carry a content hash, computed exactly as sandbox-images/build.sh does:
 * {@code find <folders> -type f | sort | xargs sha256sum | sha256sum | cut -c1-12} (C locale).
 */
public final class ImageTags {
    private ImageTags() {
    }

    public static String forRuntime(Path imagesDir, String folder) {
        return "arbiter-sandbox/" + folder + ":" + contentHash(imagesDir, List.of("base", "shared", folder));
    }

    static String contentHash(Path imagesDir, List<String> folders) {
        List<String> files = new ArrayList<>();
        for (String folder : folders) {
            if (!Files.isDirectory(imagesDir.resolve(folder))) {
                continue; // as find(1) lists nothing of a folder that is not there
            }
            try (Stream<Path> walk = Files.walk(imagesDir.resolve(folder))) {
                walk.filter(Files::isRegularFile).forEach(p -> files.add(imagesDir.relativize(p).toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + imagesDir.resolve(folder), e);
            }
        }
        files.sort(ImageTags::compareBytes);
        StringBuilder listing = new StringBuilder();
        for (String file : files) {
            try {
                listing.append(hex(Files.readAllBytes(imagesDir.resolve(file)))).append("  ").append(file).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return hex(listing.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    private static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    private static String hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
