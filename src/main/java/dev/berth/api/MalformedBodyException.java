package dev.berth.api;

import java.io.IOException;

/**
 * The client framed its request body wrongly (a malformed chunk): a streaming route reading the body gets this,
 * and wherever it ends up wrapped, {@link ErrorMapper} answers 400 with its text. Immutable.
 */
final class MalformedBodyException extends IOException {

    MalformedBodyException(String message) {
        super(message);
    }
}
