package dev.berth.api;

/** Handles one request. Throwing a BerthException answers with its status and message. */
@FunctionalInterface
public interface RouteHandler {
    void handle(Exchange exchange) throws Exception;
}
