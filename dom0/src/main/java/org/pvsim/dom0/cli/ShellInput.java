package org.pvsim.dom0.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Where {@code pvsim shell} reads its lines: a terminal with line editing, or plain lines from a script. */
interface ShellInput extends AutoCloseable {

    /** The next line, without its end; {@code null} at the end of the input. */
    String readLine(String prompt);

    /** Whether the user sees a prompt and edits lines (a terminal), rather than a script being read. */
    boolean interactive();

    @Override
    void close();

    /** Lines from a stream, with no prompt: for scripts ({@code pvsim shell < script}) and tests. */
    static ShellInput plain(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new ShellInput() {
            @Override
            public String readLine(String prompt) {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the standard input: " + e.getMessage(), e);
                }
            }

            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public void close() {
                // the standard input is not ours to close
            }
        };
    }

    /**
     * The system terminal through JLine: Emacs-style line editing, history of the session (up/down, Ctrl-R), and
     * completion of the shell's commands and xl's subcommands (Tab). Ctrl-C drops the line being typed; Ctrl-D on an
     * empty line ends the session.
     *
     * @throws IOException if the terminal cannot be opened
     */
    static ShellInput terminal(List<String> completions) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("pvsim")
                .completer(new StringsCompleter(completions))
                .build();
        return new ShellInput() {
            @Override
            public String readLine(String prompt) {
                while (true) {
                    try {
                        return reader.readLine(prompt);
                    } catch (UserInterruptException e) {
                        // Ctrl-C: a new prompt, as a shell gives
                    } catch (EndOfFileException e) {
                        return null;
                    }
                }
            }

            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public void close() {
                try {
                    terminal.close();
                } catch (IOException e) {
                    // nothing more to do for a terminal that will not close
                }
            }
        };
    }
}
