package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.scenario.XlLineParser;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one way xl command lines become {@link XlCommand}s, shared by {@code pvsim xl} (whose picocli run hands over its
 * parse result), {@code pvsim shell} (a typed line) and scenario {@code actions:} (an {@code xl:} text): the
 * subcommand classes registered in {@link XlCommandGroup}, whatever they are, parse the arguments, and each
 * subcommand's {@link XlSubcommand#command()} applies xl's own checks.
 *
 * <p>A line is split as a POSIX shell splits words: blanks separate, {@code '...'} and {@code "..."} quote, a
 * backslash escapes the next character. A leading {@code xl} is optional. The {@code pvsim xl} host options
 * ({@code --scenario}, {@code --at}, {@code --seed}) have no meaning on a live host and are refused.
 */
public final class XlLineParsers {
    /** The parser scenario loaders get. */
    public static final XlLineParser PARSER = XlLineParsers::parse;

    private static final List<String> HOST_OPTIONS = List.of("--scenario", "--at", "--seed");

    private XlLineParsers() {}

    /**
     * The command {@code line} describes.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static XlCommand parse(String line) {
        return parse(words(line));
    }

    /**
     * The command the words describe (a leading {@code xl} allowed).
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static XlCommand parse(List<String> words) {
        List<String> args = withoutXl(words);
        if (args.isEmpty()) {
            throw new IllegalArgumentException(
                    "an xl subcommand is needed (xl commands: " + String.join(", ", names()) + ")");
        }
        CommandLine group = group();
        if (!group.getSubcommands().containsKey(args.get(0))) {
            throw new IllegalArgumentException(
                    "unknown xl command '" + args.get(0) + "' (xl commands: " + String.join(", ", names()) + ")");
        }
        ParseResult result;
        try {
            result = group.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException("xl " + args.get(0) + ": " + e.getMessage(), e);
        }
        List<ParseResult> subcommands = result.subcommands();
        if (subcommands.size() != 1) {
            throw new IllegalArgumentException("one xl command at a time (this line has " + subcommands.size() + ")");
        }
        ParseResult sub = subcommands.get(0);
        for (String option : HOST_OPTIONS) {
            if (sub.hasMatchedOption(option)) {
                throw new IllegalArgumentException("xl " + args.get(0) + ": " + option + " belongs to `pvsim xl`;"
                        + " here dom0 runs the command on the live host, now");
            }
        }
        try {
            return commands(subcommands).get(0);
        } catch (ParameterException e) {
            throw new IllegalArgumentException("xl " + args.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The commands of a parse of the xl group, in order, each checked as xl checks it.
     *
     * @throws IllegalArgumentException with xl's message, for arguments xl refuses
     */
    static List<XlCommand> commands(List<ParseResult> subcommands) {
        List<XlCommand> commands = new ArrayList<>();
        for (ParseResult p : subcommands) {
            XlSubcommand s = (XlSubcommand) p.commandSpec().userObject();
            try {
                commands.add(s.command());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(s.spec.commandLine(), e.getMessage(), e);
            }
        }
        return commands;
    }

    /** The usage of the subcommand {@code words} name when they ask for help ({@code -h}, {@code --help}); else null. */
    static String helpRequested(List<String> words) {
        List<String> args = withoutXl(words);
        if (args.isEmpty() || !(args.contains("-h") || args.contains("--help"))) {
            return null;
        }
        CommandLine sub = group().getSubcommands().get(args.get(0));
        if (sub == null) {
            return null;
        }
        for (String option : HOST_OPTIONS) {
            sub.getCommandSpec().remove(sub.getCommandSpec().findOption(option)); // pvsim xl's, not the shell's
        }
        return usage(sub);
    }

    /** The names of the xl subcommands, in their registered order. */
    static List<String> names() {
        return List.copyOf(group().getSubcommands().keySet());
    }

    /** One line per xl subcommand: its name and header. */
    static String summary() {
        StringBuilder b = new StringBuilder();
        for (var e : group().getSubcommands().entrySet()) {
            String[] header = e.getValue().getCommandSpec().usageMessage().header();
            b.append(String.format(
                    java.util.Locale.ROOT, "  xl %-15s %s%n", e.getKey(), header.length == 0 ? "" : header[0]));
        }
        return b.toString();
    }

    /**
     * Splits {@code line} into words as a POSIX shell does (blanks, quotes, backslash).
     *
     * @throws IllegalArgumentException for an unterminated quote
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\'
                        && quote == '"'
                        && i + 1 < line.length()
                        && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static List<String> withoutXl(List<String> words) {
        return !words.isEmpty() && words.get(0).equals("xl") ? words.subList(1, words.size()) : words;
    }

    /** A fresh command line for the xl group: picocli keeps parsed values in the command objects. */
    private static CommandLine group() {
        return new CommandLine(new XlCommandGroup());
    }

    private static String usage(CommandLine commandLine) {
        StringWriter text = new StringWriter();
        commandLine.usage(new PrintWriter(text, true), CommandLine.Help.Ansi.OFF);
        return text.toString();
    }
}
