/**
 * The error classes every berth service throws. A class says what went wrong (not found, conflict, ...), never
 * which HTTP status it becomes; {@code dev.berth.api.ErrorMapper} decides that, in one place.
 * This package imports nothing of berth's.
 */
package dev.berth.errors;
