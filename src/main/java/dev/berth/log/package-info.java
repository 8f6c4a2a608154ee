/**
 * berth's slf4j binding: one line per event on standard error, {@code <UTC time> <LEVEL> <Class> - <message>}, with
 * a stack trace only when a throwable is logged. It replaces slf4j-simple, whose date formatter alone cost ≈60 ms of
 * every daemon start (locale data); the line format is the one berth always had.
 */
package dev.berth.log;
