package dev.berth.api;


import io.netty.handler.codec.http.HttpHeaders;

/** The headers every response carries, like Docker's version middleware adds. Immutable. */
record ResponseHeaders(String server) {

    void apply(HttpHeaders h) {
        h.set("Api-Version", ApiServer.MAX_VERSION.toString());
        h.set("Docker-Experimental", "false");
        h.set("Ostype", "linux");
        h.set("Server", server);
    }
}
