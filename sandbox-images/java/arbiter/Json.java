package arbiter;

/** JSON string quoting for report lines (the image has no JSON library), clipped to 500 characters. */
public final class Json {
    private Json() {
    }

    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        if (s.length() > 500) {
            s = s.substring(0, 500);
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
