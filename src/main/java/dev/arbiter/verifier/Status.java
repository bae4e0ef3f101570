package dev.arbiter.verifier;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** passed and failed judge the candidate; indeterminate means the infrastructure failed and judges nothing. */
public enum Status {
    PASSED, FAILED, INDETERMINATE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
