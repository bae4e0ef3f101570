package dev.arbiter.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 7807 problem document, served as application/problem+json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations,
        List<String> supported) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field of a request: its path in the JSON body and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
