package dev.makemore.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Any file of words, one per line, read the way makemore.py reads its input: each line stripped of surrounding
 * white space, empty lines dropped, the vocabulary the sorted set of the characters that occur. Characters are
 * Unicode code points (as Python's {@code str} has them), not bytes and not UTF-16 units, so Swedish, French or
 * Greek words round-trip, and a character outside the Basic Multilingual Plane is one character.
 *
 * <p>Bad input stops with one {@link IllegalArgumentException} whose message names the file and, where it
 * applies, the line: a missing, empty or binary file, bytes that are not valid in the encoding, a word longer than
 * the limit, a vocabulary too large.
 *
 * @param file where the words came from
 * @param words the words, in file order
 * @param chars the vocabulary: the distinct code points of the words, sorted by code point, each as a string
 * @param maxLength the longest word, in code points
 */
public record WordList(Path file, List<String> words, List<String> chars, int maxLength) {

    /** The longest word {@link #load(Path)} accepts, in characters. */
    public static final int DEFAULT_MAX_WORD_LENGTH = 64;

    /** The largest vocabulary {@link #load(Path)} accepts. */
    public static final int DEFAULT_MAX_VOCABULARY = 1_000;

    /** {@link #load(Path, Charset, int, int)} in UTF-8 with the default limits. */
    public static WordList load(Path file) {
        return load(file, StandardCharsets.UTF_8, DEFAULT_MAX_WORD_LENGTH, DEFAULT_MAX_VOCABULARY);
    }

    /**
     * Reads {@code file} in {@code encoding}.
     *
     * @throws IllegalArgumentException one line naming the file (and line) and what is wrong
     */
    public static WordList load(Path file, Charset encoding, int maxWordLength, int maxVocabulary) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException(file + " is empty: it needs words, one per line");
        }
        boolean wide = encoding.name().startsWith("UTF-16") || encoding.name().startsWith("UTF-32");
        for (int i = 0; i < bytes.length && !wide; i++) {
            if (bytes[i] == 0) {
                throw new IllegalArgumentException(file + " looks binary, not a text file of words (a NUL byte at offset "
                        + i + ")");
            }
        }
        List<String> lines = decodeLines(file, bytes, encoding);
        List<String> words = new ArrayList<>();
        TreeSet<Integer> codePoints = new TreeSet<>();
        int longest = 0;
        for (int i = 0; i < lines.size(); i++) {
            String word = lines.get(i).strip();
            if (word.isEmpty()) {
                continue;
            }
            int length = word.codePointCount(0, word.length());
            if (length > maxWordLength) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": a word of " + length
                        + " characters; the limit is " + maxWordLength + " (a file of text rather than of words?)");
            }
            for (int k = 0; k < word.length(); ) {
                int cp = word.codePointAt(k);
                if (Character.isISOControl(cp)) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": control character U+"
                            + String.format("%04X", cp) + " in a word");
                }
                codePoints.add(cp);
                k += Character.charCount(cp);
            }
            longest = Math.max(longest, length);
            words.add(word);
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no words (only blank lines)");
        }
        if (codePoints.size() > maxVocabulary) {
            throw new IllegalArgumentException(file + " has " + codePoints.size() + " distinct characters; the limit is "
                    + maxVocabulary);
        }
        List<String> chars = new ArrayList<>();
        codePoints.forEach(cp -> chars.add(new String(Character.toChars(cp))));
        return new WordList(file, List.copyOf(words), List.copyOf(chars), longest);
    }

    /** The text's lines, decoded strictly: the first invalid byte sequence is reported with its line. */
    private static List<String> decodeLines(Path file, byte[] bytes, Charset encoding) {
        CharsetDecoder decoder = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " line " + lineOfFirstError(bytes, encoding) + ": bytes that are not valid "
                    + encoding.name() + " (give its encoding, e.g. --encoding ISO-8859-1)");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte-order mark
        }
        return text.lines().toList();
    }

    /** The 1-based line of the first byte sequence {@code encoding} cannot decode. */
    private static int lineOfFirstError(byte[] bytes, Charset encoding) {
        CharsetDecoder decoder = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 16);
        var result = decoder.decode(in, out, true);
        int upTo = result.isError() ? in.position() : bytes.length;
        int line = 1;
        for (int i = 0; i < upTo; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Vocabulary size with makemore's extra token 0 (start, end and padding): {@code chars().size() + 1}. */
    public int vocabSize() {
        return chars.size() + 1;
    }

    /** The token of each character of {@code word}: 1 + its place in {@link #chars()}. */
    public int[] encode(String word) {
        int[] out = new int[word.codePointCount(0, word.length())];
        int n = 0;
        for (int k = 0; k < word.length(); ) {
            int cp = word.codePointAt(k);
            int at = java.util.Collections.binarySearch(chars, new String(Character.toChars(cp)),
                    java.util.Comparator.comparingInt(s -> s.codePointAt(0)));
            if (at < 0) {
                throw new IllegalArgumentException("character '" + new String(Character.toChars(cp)) + "' is not in the vocabulary of "
                        + file);
            }
            out[n++] = at + 1;
            k += Character.charCount(cp);
        }
        return out;
    }

    /** The word of tokens {@code ix}, up to the first 0 (end). */
    public String decode(int[] ix) {
        StringBuilder sb = new StringBuilder();
        for (int i : ix) {
            if (i == 0) {
                break;
            }
            sb.append(chars.get(i - 1));
        }
        return sb.toString();
    }
}
