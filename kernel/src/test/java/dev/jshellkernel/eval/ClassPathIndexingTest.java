package dev.jshellkernel.eval;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Surefire runs with --add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED, as the kernelspec does. */
class ClassPathIndexingTest {

    private static boolean indexerWaiting() {
        return Thread.getAllStackTraces().values().stream()
                .anyMatch(stack -> Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("waitIndexingNotSuspended")));
    }

    private static boolean indexerWorking() {
        return Thread.getAllStackTraces().values().stream()
                .anyMatch(stack -> Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("refreshIndexes")));
    }

    @Test
    void indexingWaitsUntilResumedThenPackageNamesComplete() throws Exception {
        PrintStream notes = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (JShellSession session = new JShellSession(List.of("import java.util.*;"), notes, true)) {
            assertTrue(session.indexingPostponed(), "JShell's indexing switch was not reachable");
            Thread.sleep(500);
            assertTrue(indexerWaiting(), "the indexer is not held back");
            session.resumeIndexing();
            assertFalse(session.indexingPostponed());
            session.resumeIndexing(); // a second call changes nothing
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (indexerWorking() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(indexerWorking(), "the indexer did not finish within a minute");
            String code = "import java.util.conc";
            List<String> candidates = session.complete(code, code.length()).candidates();
            assertTrue(candidates.contains("concurrent."), candidates.toString());
        }
    }

    @Test
    void withoutBeingAskedNothingIsPostponed() {
        PrintStream notes = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (JShellSession session = new JShellSession(List.of(), notes)) {
            assertFalse(session.indexingPostponed());
        }
    }
}
