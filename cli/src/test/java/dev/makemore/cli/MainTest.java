package dev.makemore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Every user error is one line on stderr and exit status 2 (the pytest suite covers the files). */
class MainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train --model gpt5              | unknown model 'gpt5'",
        "train --model transformer --n-embd 30 --n-head 4 | --n-embd: must be a multiple of nHead",
        "train --model mlp --steps x     | '--steps'",
        "train --model mlp --steps -3    | --steps: must be at least 1",
        "train --model mlp --batch-size 1| --batch-size: must be at least 2",
        "train --model bn --n-hidden 0   | --n-hidden: must be at least 1, got 0",
        "train --model conv --block-size 12| --block-size: a hierarchical model fuses neighbours pairwise",
        "train --model bigram --block-size 3| --block-size: the bigram reads one character",
        "runs compare one                | compare needs two or more run ids",
        "train                           | --model is required",
        "sample --checkpoint nowhere.ckpt --n 0 | --n must be at least 1",
        "eval                            | --checkpoint",
        "bench --models bigram           | bench runs mlp, bn, wavenet and conv",
        "bench --java-variants fastest   | unknown --java-variants entry 'fastest'",
        "''                              | a command is needed",
    })
    void userErrorsAreOneLineAndExitTwo(String args, String expected) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.setErr(new PrintWriter(err));
        }
        int status = cl.execute(args.isBlank() ? new String[0] : args.trim().split("\\s+"));
        String text = err.toString();
        assertEquals(Main.USAGE, status, text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains(expected), text);
        assertFalse(text.contains("Exception"), text);
    }
}
