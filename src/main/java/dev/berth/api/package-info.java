/**
 * The Engine API server: HTTP over the unix socket (Netty), routing, hijacked streams, and the request side of the
 * wire (JSON bodies and {@code filters} decoded as Docker's Go code decodes them, with its error texts).
 * Route handlers live in {@code api.routes}, wire shapes in {@code api.wire}; services are called, never imported
 * the other way round. Vocabulary: an <em>exchange</em> is one request and its response.
 */
package dev.berth.api;
