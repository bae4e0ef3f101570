package dev.arbiter.verifier.program.boundary;

import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSNode;

/**
 * A C++ function's signature in canonical types, read from its Tree-sitter definition or declaration; null fields
 * never: a signature either parses completely into serializable types or {@link #of} says why not.
 */
record CppSignature(String name, String returns, List<Param> params) {

    enum Mode { VALUE, CONST_REF, MUT_REF, RVALUE_REF }

    record Param(String type, Mode mode) {
        /** How the judge's stub declares it: exactly the declared passing mode, so prototypes still match. */
        String declared(int i) {
            return switch (mode) {
                case VALUE -> type + " a" + i;
                case CONST_REF -> "const " + type + "& a" + i;
                case MUT_REF -> type + "& a" + i;
                case RVALUE_REF -> type + "&& a" + i;
            };
        }
    }

    /** A signature or the reason it cannot cross the boundary. */
    record Parsed(CppSignature signature, String unsupported) {
    }

    boolean returnsVoid() {
        return returns.equals("void");
    }

    static Parsed of(Syntax s, TSNode function) {
        TSNode declarator = Syntax.field(function, "declarator");
        if (declarator == null || !declarator.getType().equals("function_declarator")) {
            return new Parsed(null, "it returns a pointer or a reference");
        }
        TSNode nameNode = Syntax.field(declarator, "declarator");
        if (nameNode == null || !nameNode.getType().equals("identifier")) {
            return new Parsed(null, "it is not a plain function");
        }
        String name = s.text(nameNode);
        TSNode typeNode = Syntax.field(function, "type");
        String rawReturn = typeNode == null ? null : s.text(typeNode);
        String returns = "void".equals(rawReturn) ? "void" : CppTypes.canonical(rawReturn);
        if (returns == null) {
            return new Parsed(null, name + " returns " + rawReturn);
        }
        TSNode list = Syntax.field(declarator, "parameters");
        List<Param> params = new ArrayList<>();
        for (int i = 0; list != null && i < list.getNamedChildCount(); i++) {
            TSNode p = list.getNamedChild(i);
            if (p.getType().equals("comment")) {
                continue;
            }
            if (!p.getType().equals("parameter_declaration")) {
                return new Parsed(null, name + " has a parameter " + s.text(p) + " (default values and varargs stay in process)");
            }
            String rawType = s.text(Syntax.field(p, "type"));
            TSNode d = Syntax.field(p, "declarator");
            if (d == null && "void".equals(rawType) && list.getNamedChildCount() == 1) {
                break;
            }
            Mode mode = Mode.VALUE;
            if (d != null && d.getType().equals("reference_declarator")) {
                mode = s.text(d).startsWith("&&") ? Mode.RVALUE_REF : Mode.MUT_REF;
                d = d.getNamedChildCount() > 0 ? d.getNamedChild(0) : null;
            }
            if (d != null && !d.getType().equals("identifier")) {
                return new Parsed(null, name + " has a parameter " + s.text(p));
            }
            boolean isConst = false;
            for (int k = 0; k < p.getChildCount(); k++) {
                isConst |= p.getChild(k).getType().equals("type_qualifier") && "const".equals(s.text(p.getChild(k)));
            }
            String type = CppTypes.canonical(rawType);
            if (type == null) {
                return new Parsed(null, name + " takes " + rawType);
            }
            if (mode == Mode.MUT_REF && isConst) {
                mode = Mode.CONST_REF;
            }
            params.add(new Param(type, mode));
        }
        return new Parsed(new CppSignature(name, returns, List.copyOf(params)), null);
    }
}
