package dev.arbiter.verifier.program.boundary;

import java.util.List;

/**
 * Generated Rust for both sides of the boundary: the judge's stubs (the declared signature; they send the arguments
 * through {@code arbiter_wire} and return the answer deserialized into the declared types) and the candidate's
 * call server (a child module of the candidate's crate root, so it reaches private functions, and the real main).
 */
final class RustStubs {
    private RustStubs() {
    }

    static String judgeStubs(List<RustSignature> signatures) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < signatures.size(); i++) {
            RustSignature s = signatures.get(i);
            out.append("#[allow(unused_mut, dead_code)]\nfn ").append(s.name()).append(s.lifetimes()).append('(');
            for (int k = 0; k < s.params().size(); k++) {
                out.append(k == 0 ? "" : ", ").append("a").append(k).append(": ").append(s.params().get(k).declared());
            }
            out.append(')');
            if (s.returns() != null) {
                out.append(" -> ").append(s.returns().judge());
            }
            out.append(" {\n    let mut c_ = ::arbiter_wire::Call::new(").append(i).append(", \"").append(s.name()).append("\");\n");
            for (int k = 0; k < s.params().size(); k++) {
                out.append("    c_.arg(&a").append(k).append(");\n");
            }
            out.append("    let mut r_ = c_.send();\n");
            if (s.returns() != null) {
                out.append("    let v_: ").append(s.returns().candidate()).append(" = r_.get();\n");
            }
            for (int k = 0; k < s.params().size(); k++) {
                if (s.params().get(k).ref().equals("&mut ")) {
                    out.append("    *a").append(k).append(" = r_.get();\n");
                }
            }
            out.append("    r_.end();\n").append(s.returns() != null ? "    v_\n" : "").append("}\n");
        }
        return out.toString();
    }

    static String server(List<RustSignature> signatures) {
        StringBuilder out = new StringBuilder("\nmod __arbiter_server {\n    #[allow(unused_mut, unused_variables)]\n"
                + "    pub fn dispatch(index: u32, i_: &mut ::arbiter_wire::In, o_: &mut ::arbiter_wire::Out) {\n"
                + "        match index {\n");
        for (int i = 0; i < signatures.size(); i++) {
            RustSignature s = signatures.get(i);
            out.append("            ").append(i).append(" => {\n");
            StringBuilder args = new StringBuilder();
            for (int k = 0; k < s.params().size(); k++) {
                RustSignature.Param p = s.params().get(k);
                out.append("                let mut a").append(k).append(" = ").append(p.owned()).append(";\n");
                args.append(k == 0 ? "" : ", ").append(p.ref().equals("&mut ") ? "&mut " : "").append('a').append(k);
            }
            out.append("                i_.end();\n                ");
            if (s.returns() != null) {
                out.append("let r_: ").append(s.returns().candidate()).append(" = ");
            }
            out.append("super::").append(s.name()).append('(').append(args).append(");\n");
            if (s.returns() != null) {
                out.append("                o_.put(&r_);\n");
            }
            for (int k = 0; k < s.params().size(); k++) {
                if (s.params().get(k).ref().equals("&mut ")) {
                    out.append("                o_.put(&a").append(k).append(");\n");
                }
            }
            out.append("            }\n");
        }
        return out.append("            _ => ::arbiter_wire::fatal(\"unknown function\"),\n        }\n    }\n}\n"
                + "#[export_name = \"main\"]\npub extern \"C\" fn __arbiter_main(_argc: i32, _argv: *const *const u8) -> i32 {\n"
                + "    ::arbiter_wire::serve(__arbiter_server::dispatch)\n}\n").toString();
    }
}
