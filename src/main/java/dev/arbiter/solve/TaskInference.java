package dev.arbiter.solve;

import dev.arbiter.provider.ChatMessage;
import dev.arbiter.verifier.Dimension;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The dimension and language of a conversation whose client did not say, for {@code model: "arbiter/auto"}: a
 * transparent rule set (the cue table of {@link DimensionCues}, the language evidence of {@link LanguageSignals}),
 * weighed by where each piece stands — the last user message most, the system message and earlier turns less. Nothing
 * matching gives code_generation and no language. Pure and fast (a head and tail window of each message, the last
 * {@value #MAX_MESSAGES} messages); it never throws on odd text.
 */
@ApplicationScoped
public class TaskInference {
    /** A dimension other than the default needs at least one strong cue in the last message, or several weaker ones. */
    static final double DIMENSION_THRESHOLD = 1.0;
    /** A language needs one fence, name, shebang or a couple of syntax marks in the last message. */
    static final double LANGUAGE_THRESHOLD = 1.0;
    /** An agent set up with tools on a repository (two strong setting cues) is agentic whatever the turn asks. */
    static final double AGENT_SETTING = 3.5;
    /** Code that stops inside a definition asks for its body: as strong as a strong cue. */
    static final double OPEN_DEFINITION = 2.0;
    static final int MAX_MESSAGES = 12;
    private static final Set<Dimension> SETTINGS = Set.of(Dimension.DATA_SCIENCE, Dimension.AGENTIC_PROGRAMMING);
    /** Ties go to the more specific task: an explicit intent before a domain, the default last. */
    private static final List<Dimension> TIE_ORDER = List.of(Dimension.AGENTIC_PROGRAMMING, Dimension.BUG_FIXING,
            Dimension.TEST_GENERATION, Dimension.MULTI_LANGUAGE, Dimension.CODE_UNDERSTANDING, Dimension.CODE_REFACTORING,
            Dimension.CODE_COMPLETION, Dimension.DATA_SCIENCE, Dimension.ALGORITHM, Dimension.CODE_GENERATION);

    /** What was inferred: the dimension, the language (null with no sign of one) and a short account of why. */
    public record Inferred(Dimension dimension, String language, String basis) {
    }

    /** Where a message stands, and how much its intent cues, setting cues and language evidence weigh. */
    private enum Position {
        LAST_USER("last user", 1.0, 1.0, 1.0),
        SYSTEM("system", 0.3, 0.8, 0.5),
        EARLIER_USER("earlier user", 0.35, 0.5, 0.4),
        ASSISTANT("assistant", 0.1, 0.3, 0.4);

        final String label;
        final double intent;
        final double setting;
        final double language;

        Position(String label, double intent, double setting, double language) {
            this.label = label;
            this.intent = intent;
            this.setting = setting;
            this.language = language;
        }
    }

    public Inferred infer(List<ChatMessage> messages) {
        List<ChatMessage> msgs = messages == null ? List.of() : messages;
        int lastUser = lastUserIndex(msgs);
        int from = Math.max(0, msgs.size() - MAX_MESSAGES);
        Tally<Dimension> dimensions = new Tally<>();
        Tally<String> languages = new Tally<>();
        Tally<String> lastLanguages = new Tally<>();
        String target = null;
        for (int i = 0; i < msgs.size(); i++) {
            ChatMessage m = msgs.get(i);
            if (m == null || (i < from && m.role() != ChatMessage.Role.SYSTEM)) {
                continue;
            }
            Position p = position(m.role(), i, lastUser);
            MessageText text = MessageText.of(m.content());
            addCues(text, p, dimensions);
            Tally<String> shown = new Tally<>();
            LanguageSignals.collect(text, p.language, "(" + p.label + ")", shown);
            languages.addAll(shown);
            if (i == lastUser) {
                lastLanguages = shown;
                target = LanguageSignals.translationTarget(text.prose()).orElse(null);
                if (text.endsOpen()) {
                    dimensions.add(Dimension.CODE_COMPLETION, OPEN_DEFINITION, "code ends inside an unfinished definition");
                }
            }
        }
        return decide(dimensions, pickLanguage(lastLanguages, languages, target));
    }

    /** A translation's target; else what the last user message shows; else the whole conversation. */
    private static String[] pickLanguage(Tally<String> last, Tally<String> all, String target) {
        if (target != null) {
            return new String[] {target, "translation target " + target};
        }
        for (Tally<String> t : List.of(last, all)) {
            String language = t.best(List.of()).filter(l -> t.score(l) >= LANGUAGE_THRESHOLD).orElse(null);
            if (language != null) {
                return new String[] {language, t.why(language, 2)};
            }
        }
        return new String[] {null, "no language sign"};
    }

    private static Inferred decide(Tally<Dimension> dimensions, String[] languagePick) {
        Dimension dimension;
        String dimensionWhy;
        if (dimensions.score(Dimension.AGENTIC_PROGRAMMING) >= AGENT_SETTING) {
            dimension = Dimension.AGENTIC_PROGRAMMING;
            dimensionWhy = "agent setting: " + dimensions.why(dimension, 3);
        } else {
            dimension = dimensions.best(TIE_ORDER).filter(d -> dimensions.score(d) >= DIMENSION_THRESHOLD).orElse(null);
            dimensionWhy = dimension == null ? "no cue, the default" : dimensions.why(dimension, 3);
            dimension = dimension == null ? Dimension.CODE_GENERATION : dimension;
        }
        String language = languagePick[0];
        String languageWhy = languagePick[1];
        String basis = dimension.wireName() + " from " + dimensionWhy + "; "
                + (language == null ? languageWhy : language + " from " + languageWhy);
        return new Inferred(dimension, language, basis);
    }

    private static void addCues(MessageText text, Position p, Tally<Dimension> tally) {
        java.util.Map<Dimension, Double> used = new java.util.EnumMap<>(Dimension.class);
        for (DimensionCues.Cue cue : DimensionCues.ALL) {
            String found = find(cue, text);
            if (found == null) {
                continue;
            }
            double room = DimensionCues.MESSAGE_CAP - used.getOrDefault(cue.dimension(), 0.0);
            double amount = Math.min(cue.weight(), room) * (SETTINGS.contains(cue.dimension()) ? p.setting : p.intent);
            if (room > 0 && amount > 0) {
                used.merge(cue.dimension(), Math.min(cue.weight(), room), Double::sum);
                tally.add(cue.dimension(), amount, "'" + shorten(found) + "' (" + p.label + ")");
            }
        }
    }

    private static String find(DimensionCues.Cue cue, MessageText text) {
        boolean prose = cue.where() != DimensionCues.Where.CODE;
        boolean code = cue.where() != DimensionCues.Where.PROSE;
        String found = prose ? find(cue, text.prose(), text.proseLower()) : null;
        return found == null && code ? find(cue, text.code(), text.codeLower()) : found;
    }

    private static String find(DimensionCues.Cue cue, String text, String lower) {
        if (text.isEmpty() || !cue.anchors().in(lower)) {
            return null;
        }
        var m = cue.pattern().matcher(text);
        return m.find() ? m.group() : null;
    }

    private static String shorten(String s) {
        String t = s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return t.length() <= 40 ? t : t.substring(0, 37) + "...";
    }

    private static int lastUserIndex(List<ChatMessage> msgs) {
        for (int i = msgs.size() - 1; i >= 0; i--) {
            if (msgs.get(i) != null && msgs.get(i).role() == ChatMessage.Role.USER) {
                return i;
            }
        }
        return msgs.size() - 1;
    }

    private static Position position(ChatMessage.Role role, int i, int lastUser) {
        if (i == lastUser) {
            return Position.LAST_USER;
        }
        return switch (role) {
            case SYSTEM -> Position.SYSTEM;
            case USER -> Position.EARLIER_USER;
            case ASSISTANT -> Position.ASSISTANT;
        };
    }
}
