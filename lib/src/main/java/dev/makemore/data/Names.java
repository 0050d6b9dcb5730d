package dev.makemore.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the training words: one name per line, UTF-8.
 *
 * <p>Lines are trimmed and blank ones skipped, as {@code open(...).read().splitlines()} plus the lecture's
 * implicit assumption that there are no empty names. A missing, unreadable, non-UTF-8 or empty file fails
 * with a message that names the file.
 */
public final class Names {

    /** Environment variable naming the names file directly. */
    public static final String NAMES_ENV = "MAKEMORE_NAMES";

    /** Environment variable naming the project root, which holds {@code data/names.txt}. */
    public static final String HOME_ENV = "MAKEMORE_HOME";

    private static final Path RELATIVE = Path.of("data", "names.txt");

    private Names() {}

    /**
     * Reads the words in {@code file}.
     *
     * @throws IllegalArgumentException if the file is missing, unreadable, not UTF-8 or holds no names
     */
    public static List<String> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("names file not found: " + file.toAbsolutePath());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("names file is not valid UTF-8: " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read names file " + file.toAbsolutePath() + ": " + e, e);
        }
        List<String> words = new ArrayList<>(lines.size());
        for (String line : lines) {
            String word = line.strip();
            if (!word.isEmpty() && word.charAt(0) == '\uFEFF') {
                word = word.substring(1).strip();
            }
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("names file holds no names (only blank lines): " + file.toAbsolutePath());
        }
        return List.copyOf(words);
    }

    /** Reads the words from {@link #defaultPath()}. */
    public static List<String> loadDefault() {
        return load(defaultPath());
    }

    /**
     * Where the names file is: {@code $MAKEMORE_NAMES}, else {@code $MAKEMORE_HOME/data/names.txt}, else
     * {@code data/names.txt} or {@code ../data/names.txt} from the working directory (notebooks run in
     * {@code notebooks/}).
     *
     * @throws IllegalStateException listing every place tried, if none holds the file
     */
    public static Path defaultPath() {
        List<Path> tried = new ArrayList<>();
        String direct = System.getenv(NAMES_ENV);
        if (direct != null && !direct.isBlank()) {
            return Path.of(direct); // named explicitly: load() reports it if it is missing
        }
        String home = System.getenv(HOME_ENV);
        if (home != null && !home.isBlank()) {
            tried.add(Path.of(home).resolve(RELATIVE));
        }
        tried.add(RELATIVE);
        tried.add(Path.of("..").resolve(RELATIVE));
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("names.txt not found; set " + NAMES_ENV + " or run `bin/makemore setup`. Tried: "
                + tried.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    }
}
