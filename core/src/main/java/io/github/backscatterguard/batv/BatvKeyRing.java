package io.github.backscatterguard.batv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The BATV keys: several may be valid at once, so a key can be rotated without refusing the
 * bounces of mail signed with the previous one. The key file, kept outside mailetcontainer.xml,
 * holds one key per line, {@code N SECRET} (N = key number 0-9); blank lines and lines starting
 * with {@code #} are ignored. Signing uses a chosen key, by default the first line's.
 */
public final class BatvKeyRing {
    private final BatvKey[] byNumber;
    private final BatvKey signingKey;

    private BatvKeyRing(BatvKey[] byNumber, BatvKey signingKey) {
        this.byNumber = byNumber;
        this.signingKey = signingKey;
    }

    /** Keys in the order given; the first signs. */
    public static BatvKeyRing of(List<BatvKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no BATV key given");
        }
        BatvKey[] byNumber = new BatvKey[10];
        for (BatvKey key : keys) {
            if (byNumber[key.number()] != null) {
                throw new IllegalArgumentException("BATV key number " + key.number() + " is given twice");
            }
            byNumber[key.number()] = key;
        }
        return new BatvKeyRing(byNumber, keys.get(0));
    }

    /**
     * Reads a key file. Errors name the file and the line, never the secret.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a line is malformed or the file holds no key
     */
    public static BatvKeyRing read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<BatvKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9]")) {
                throw new IllegalArgumentException("BATV key file " + file + ", line " + (i + 1)
                    + ": expected 'N SECRET' with N a key number 0-9 (the line is not shown: it may hold a secret)");
            }
            try {
                keys.add(new BatvKey(Integer.parseInt(parts[0]), parts[1].trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("BATV key file " + file + ", line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("BATV key file " + file + " holds no key; expected lines 'N SECRET'");
        }
        try {
            return of(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BATV key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The same keys, signing with key {@code number}. */
    public BatvKeyRing signingWith(int number) {
        BatvKey key = number >= 0 && number <= 9 ? byNumber[number] : null;
        if (key == null) {
            throw new IllegalArgumentException("no BATV key number " + number + " in the key file");
        }
        return new BatvKeyRing(byNumber, key);
    }

    public BatvKey signingKey() {
        return signingKey;
    }

    public Optional<BatvKey> key(int number) {
        return number >= 0 && number <= 9 ? Optional.ofNullable(byNumber[number]) : Optional.empty();
    }
}
