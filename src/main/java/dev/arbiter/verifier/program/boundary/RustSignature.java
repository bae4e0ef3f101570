package dev.arbiter.verifier.program.boundary;

import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSNode;

/**
 * A Rust function's signature, read from its Tree-sitter {@code function_item}: lifetimes are the only generics
 * allowed, every parameter and the result must be {@link RustTypes serializable}. A reference parameter is sent as
 * the value behind it; a {@code &mut} one comes back after the call.
 */
record RustSignature(String name, String lifetimes, List<Param> params, RustTypes.Rendered returns) {

    /**
     * {@code declared}: the parameter's type in the judge's stub; {@code owned}: the expression by which the
     * candidate's server obtains it; {@code ref}: "", "&" or "&mut ".
     */
    record Param(String declared, String owned, String ref) {
    }

    record Parsed(RustSignature signature, String unsupported) {
    }

    static Parsed of(Syntax s, TSNode function) {
        String name = s.text(Syntax.field(function, "name"));
        TSNode generics = Syntax.field(function, "type_parameters");
        String lifetimes = generics == null ? "" : s.text(generics).replaceAll("\\s+", " ");
        if (!lifetimes.isEmpty() && !lifetimes.matches("<\\s*'[A-Za-z_]\\w*(\\s*,\\s*'[A-Za-z_]\\w*)*\\s*,?\\s*>")) {
            return new Parsed(null, name + " is generic");
        }
        for (int i = 0; i < function.getChildCount(); i++) {
            String t = function.getChild(i).getType();
            if (t.equals("where_clause") || t.equals("function_modifiers")) {
                return new Parsed(null, name + " has a where clause or modifiers");
            }
        }
        List<Param> params = new ArrayList<>();
        TSNode list = Syntax.field(function, "parameters");
        for (int i = 0; list != null && i < list.getNamedChildCount(); i++) {
            TSNode p = list.getNamedChild(i);
            if (p.getType().endsWith("comment") || p.getType().equals("attribute_item")) {
                continue;
            }
            if (!p.getType().equals("parameter")) {
                return new Parsed(null, name + " has a parameter " + s.text(p));
            }
            String raw = s.text(Syntax.field(p, "type"));
            String ref = raw == null ? "" : raw.startsWith("&") ? (raw.replaceAll("'\\w+", "").replaceAll("\\s", "").startsWith("&mut") ? "&mut " : "&") : "";
            RustTypes.Rendered whole = RustTypes.parse(raw);
            RustTypes.Rendered inner = ref.isEmpty() ? whole : RustTypes.parse(inner(raw));
            if (whole == null && ref.isEmpty()) {
                return new Parsed(null, name + " takes " + raw);
            }
            String owned = ref.isEmpty() ? (whole == null ? null : "i_.get::<" + whole.candidate() + ">()") : owned(raw);
            if (whole == null || owned == null || (ref.equals("&mut ") && inner == null)) {
                return new Parsed(null, name + " takes " + raw);
            }
            params.add(new Param(whole.judge(), owned, ref));
        }
        TSNode ret = Syntax.field(function, "return_type");
        RustTypes.Rendered returns = null;
        if (ret != null) {
            returns = RustTypes.parse(s.text(ret));
            if (returns == null) {
                return new Parsed(null, name + " returns " + s.text(ret));
            }
        }
        return new Parsed(new RustSignature(name, lifetimes, List.copyOf(params), returns), null);
    }

    /** The type behind a reference: {@code &'a mut Vec<i32>} gives {@code Vec<i32>}. */
    private static String inner(String raw) {
        return raw.replaceFirst("^&\\s*('\\w+\\s*)?(mut\\s+)?", "");
    }

    /**
     * How the server obtains a reference parameter, as an expression: a shared reference is leaked to 'static
     * (so a result borrowing from it lives long enough); a {@code &mut} one is an owned value, sent back after.
     */
    private static String owned(String raw) {
        boolean mut = raw.replaceAll("'\\w+", "").replaceAll("\\s", "").startsWith("&mut");
        String behind = inner(raw).strip();
        if (behind.equals("str") || (behind.startsWith("[") && behind.endsWith("]") && !behind.contains(";"))) {
            RustTypes.Rendered whole = RustTypes.parse("&" + behind);
            return mut || whole == null ? null : "i_.get::<" + whole.candidate() + ">()";
        }
        RustTypes.Rendered t = RustTypes.parse(behind);
        if (t == null) {
            return null;
        }
        return mut ? "i_.get::<" + t.candidate() + ">()"
                : "::std::boxed::Box::leak(::std::boxed::Box::new(i_.get::<" + t.candidate() + ">()))";
    }
}
