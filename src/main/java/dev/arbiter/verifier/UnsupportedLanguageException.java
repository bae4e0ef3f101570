package dev.arbiter.verifier;

import java.util.List;

/** A task named a language no runtime serves. */
public class UnsupportedLanguageException extends RuntimeException {
    private final List<String> supported;

    public UnsupportedLanguageException(String language, List<String> supported) {
        super("unsupported language '" + language + "'; supported: " + String.join(", ", supported));
        this.supported = List.copyOf(supported);
    }

    public List<String> supported() {
        return supported;
    }
}
