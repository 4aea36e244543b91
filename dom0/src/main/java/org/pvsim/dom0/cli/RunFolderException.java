package org.pvsim.dom0.cli;

/** A run folder ({@code --out}) that cannot be used; the message is for the user. */
final class RunFolderException extends Exception {

    RunFolderException(String message) {
        super(message);
    }
}
