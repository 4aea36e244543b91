package org.pvsim.dom0.toolstack;

/**
 * A piece of an xl command's output, in the order written: the sequence of them is what a terminal showing both
 * streams would show.
 *
 * @param stderr whether it went to standard error
 * @param text the text
 */
public record XlChunk(boolean stderr, String text) {}
