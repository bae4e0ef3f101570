package dev.arbiter.verifier.signal.tampering;

/**
 * A construct in the candidate's code that reaches for the machinery judging it: the rule of
 * verifier-rules/tampering.yaml that matched, the construct as written, its 1-based line and a sentence saying why it
 * is refused.
 */
public record TamperingFinding(String rule, String construct, int line, String message) {

    /** The verdict's detail: "{@code <construct>} at line N: <sentence>". */
    public String detail() {
        return construct + " at line " + line + ": " + message;
    }
}
