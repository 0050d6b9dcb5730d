package dev.jshellkernel.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WrittenVariablesTest {

    private static final Set<String> SESSION = Set.of("big", "xs", "n", "model", "data", "i", "text", "counts");

    private static Set<String> written(String code) {
        return WrittenVariables.in(code, SESSION);
    }

    @Test
    void assignmentsToAVariableOrIntoItCountAsWrites() {
        assertEquals(Set.of("big"), written("big = new long[100000][];"));
        assertEquals(Set.of("big"), written("for (int k = 0; k < big.length; k++) big[k] = new long[1_000_000];"));
        assertEquals(Set.of("model"), written("model.w[0][1] += 0.5;"));
        assertEquals(Set.of("n"), written("n++;"));
        assertEquals(Set.of("n"), written("--n;"));
        assertEquals(Set.of("n"), written("n >>>= 2;"));
    }

    @Test
    void fillingMethodsCountReadsDoNot() {
        assertEquals(Set.of("xs"), written("while (true) xs.add(new long[1_000_000]);"));
        assertEquals(Set.of("counts"), written("counts.computeIfAbsent(\"a\", k -> new ArrayList<>()).add(1);"));
        assertEquals(Set.of("text"), written("text.append(data.get(0));"));
        assertEquals(Set.of(), written("int total = data.size() + big.length;\nxs.stream().map(x -> x).toList()"));
        assertEquals(Set.of(), written("if (n == 3) System.out.println(model);"));
    }

    @Test
    void membersStringsCommentsAndLocalsAreNotTheSessionsVariables() {
        assertEquals(Set.of(), written("other.big = 3; Foo.n++;"));
        assertEquals(Set.of(), written("String s = \"big = 1\"; char c = '='; // n = 2\n/* xs.add(1) */"));
        assertEquals(Set.of(), written("String t = \"\"\"\n  big = 1;\n  \"\"\";"));
        assertEquals(Set.of(), written("for (int i = 0; i < 10; i++) { }"));
        assertEquals(Set.of(), written("void fill() { List<long[]> xs = new ArrayList<>(); xs.add(new long[3]); }"));
    }

    @Test
    void tokensSkipLiteralsAndKeepOperatorsWhole() {
        assertEquals(List.of("a", ">>>=", "0", ";", "b", "==", "0", "->", "c"),
                WrittenVariables.tokens("a >>>= 1_000L; b == \"x\" -> c"));
    }
}
