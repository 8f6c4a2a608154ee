/**
 * A minimal HTTP/1.1 client over unix sockets and TCP: the {@code berth} CLI's connection to the daemon and the
 * daemon's connections to volume plugins. Depends on nothing of berth's.
 */
package dev.berth.http;
