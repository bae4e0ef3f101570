package dev.arbiter.solve;

import java.util.regex.Pattern;

/** Lower-case strings one of which every match of a pattern contains: a cheap test before the costly one. */
record Anchors(String[] any) {
    private static final Pattern BAR = Pattern.compile("\\|");

    static Anchors of(String barSeparated) {
        return new Anchors(BAR.split(barSeparated));
    }

    /** Whether {@code lowerCaseText} holds one of the anchors. */
    boolean in(String lowerCaseText) {
        for (String a : any) {
            if (lowerCaseText.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
