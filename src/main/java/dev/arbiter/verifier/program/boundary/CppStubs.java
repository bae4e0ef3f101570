package dev.arbiter.verifier.program.boundary;

import java.util.List;
import java.util.Set;

/**
 * Generated C++ for both sides of the boundary: the judge's stubs (same name and signature as the declaration; they
 * send the arguments and return the candidate's answer deserialized into the declared types) and the candidate's
 * call server (deserializes the arguments, calls, serializes the result and every non-const reference argument).
 */
final class CppStubs {
    static final String JUDGE_HEADER = "#include \"/opt/arbiter/cpp/judge.hpp\"\n";

    private CppStubs() {
    }

    static String judge(String includes, String promptItems, List<CppSignature> signatures, String tests) {
        StringBuilder out = new StringBuilder(JUDGE_HEADER).append(includes);
        for (CppSignature s : signatures) {
            out.append(head(s)).append(";\n");
        }
        out.append(promptItems).append('\n');
        for (int i = 0; i < signatures.size(); i++) {
            CppSignature s = signatures.get(i);
            out.append(head(s)).append(" {\n    arbiter::Out o_;\n    o_.u32(").append(i).append(");\n");
            for (int k = 0; k < s.params().size(); k++) {
                out.append("    arbiter::put(o_, a").append(k).append(");\n");
            }
            out.append("    arbiter::In r_ = arbiter::call(o_, \"").append(s.name()).append("\");\n");
            if (!s.returnsVoid()) {
                out.append("    ").append(s.returns()).append(" v_ = arbiter::get<").append(s.returns()).append(">(r_);\n");
            }
            for (int k = 0; k < s.params().size(); k++) {
                CppSignature.Param p = s.params().get(k);
                if (p.mode() == CppSignature.Mode.MUT_REF) {
                    out.append("    a").append(k).append(" = arbiter::get<").append(p.type()).append(">(r_);\n");
                }
            }
            out.append("    r_.end();\n").append(s.returnsVoid() ? "" : "    return v_;\n").append("}\n");
        }
        return out.append("#define main arbiter_tests_main\n").append(tests)
                .append("\n#undef main\nint main() { return arbiter::judge_main(arbiter_tests_main); }\n").toString();
    }

    /** The candidate's code, then (every macro it defined undefined) the call server and the real main. */
    static String candidate(String source, Set<String> macros, List<CppSignature> signatures) {
        StringBuilder out = new StringBuilder("#define main arbiter_candidate_main\n").append(source).append("\n#undef main\n");
        macros.forEach(m -> out.append("#undef ").append(m).append('\n'));
        out.append("#include \"/opt/arbiter/cpp/wire.hpp\"\n");
        for (int i = 0; i < signatures.size(); i++) {
            CppSignature s = signatures.get(i);
            out.append("static void arbiter_fn_").append(i).append("(arbiter::In& in_, arbiter::Out& out_) {\n");
            StringBuilder args = new StringBuilder();
            for (int k = 0; k < s.params().size(); k++) {
                CppSignature.Param p = s.params().get(k);
                out.append("    auto a").append(k).append(" = arbiter::get<").append(p.type()).append(">(in_);\n");
                args.append(k == 0 ? "" : ", ").append(p.mode() == CppSignature.Mode.RVALUE_REF ? "std::move(a" + k + ")" : "a" + k);
            }
            out.append("    in_.end();\n    ");
            if (!s.returnsVoid()) {
                out.append(s.returns()).append(" r_ = ");
            }
            out.append(s.name()).append('(').append(args).append(");\n");
            if (!s.returnsVoid()) {
                out.append("    arbiter::put(out_, r_);\n");
            }
            for (int k = 0; k < s.params().size(); k++) {
                if (s.params().get(k).mode() == CppSignature.Mode.MUT_REF) {
                    out.append("    arbiter::put(out_, a").append(k).append(");\n");
                }
            }
            out.append("}\n");
        }
        out.append("int main() {\n    static const arbiter::Fn fns[] = {");
        if (signatures.isEmpty()) {
            out.append("nullptr");
        }
        for (int i = 0; i < signatures.size(); i++) {
            out.append(i == 0 ? "" : ", ").append("arbiter_fn_").append(i);
        }
        return out.append("};\n    return arbiter::serve(fns, ").append(signatures.size()).append(");\n}\n").toString();
    }

    private static String head(CppSignature s) {
        StringBuilder h = new StringBuilder(s.returns()).append(' ').append(s.name()).append('(');
        for (int k = 0; k < s.params().size(); k++) {
            h.append(k == 0 ? "" : ", ").append(s.params().get(k).declared(k));
        }
        return h.append(')').toString();
    }
}
